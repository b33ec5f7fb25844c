/* test-other-apps.c: the readers of other mail apps' accounts, on fixture homes
 *
 * Each fixture in tests/data/other-apps/APP/CASE/ is a home directory written from that app's
 * documentation and source (several versions where the format changed, malformed and partial
 * files too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mail-other-apps.h"
#include "mail-other-apps-wording.h"

static GPtrArray *
read_fixture (const char *app,
              const char *name)
{
  g_autofree char *home = g_test_build_filename (G_TEST_DIST, "data", "other-apps", app, name,
                                                 NULL);
  g_autoptr(MailOtherAppsDirs) dirs = mail_other_apps_dirs_new (home, NULL, NULL);

  return mail_other_apps_read (dirs, NULL);
}

static MailOtherAppAccount *
find_label (GPtrArray  *accounts,
            const char *label)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      MailOtherAppAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (account->label, label) == 0)
        return account;
    }
  g_test_message ("no account labelled %s", label);
  g_assert_not_reached ();
}

static void
assert_server (const MailOtherAppServer *server,
               const char               *host,
               guint16                   port,
               MailSecurity              security,
               const char               *username,
               MailAuthKind              auth,
               const char               *source_suffix)
{
  g_assert_nonnull (server);
  g_assert_cmpstr (server->host, ==, host);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpint (server->security, ==, security);
  g_assert_cmpstr (server->username, ==, username);
  g_assert_cmpint (server->auth, ==, auth);
  if (!g_str_has_suffix (server->source, source_suffix))
    g_error ("source “%s” does not end in “%s”", server->source, source_suffix);
}

static guint
count_errors (GPtrArray *accounts)
{
  guint n = 0;

  for (guint i = 0; i < accounts->len; i++)
    if (((MailOtherAppAccount *) g_ptr_array_index (accounts, i))->error != NULL)
      n++;
  return n;
}

static const MailOtherAppAccount *
error_at (GPtrArray *accounts,
          guint      index)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      MailOtherAppAccount *account = g_ptr_array_index (accounts, i);

      if (account->error != NULL && index-- == 0)
        return account;
    }
  g_assert_not_reached ();
}

static void
test_goa_current (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("goa", "current");
  MailOtherAppAccount *alice, *bob;

  /* imap_smtp and Google; Microsoft 365 over Graph has no IMAP, and Windows Live with mail
   * switched off is not a mail account. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (count_errors (accounts), ==, 0);

  alice = find_label (accounts, "alice@example.com");
  g_assert_cmpstr (alice->app, ==, "goa");
  g_assert_cmpstr (alice->email, ==, "alice@example.com");
  g_assert_cmpstr (alice->file, ==, "~/.config/goa-1.0/accounts.conf");
  assert_server (alice->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "alice",
                 MAIL_AUTH_PASSWORD, "[Account account_1700000000_0] ImapHost");
  assert_server (alice->smtp, "smtp.example.com", 587, MAIL_SECURITY_STARTTLS, "alice",
                 MAIL_AUTH_PASSWORD, "[Account account_1700000000_0] SmtpHost");
  g_assert_cmpstr (alice->smtp->auth_method, ==, "PLAIN");
  g_assert_cmpint (alice->credential, ==, MAIL_OTHER_APP_CREDENTIAL_KEYRING);
  g_assert_cmpstr (alice->keyring_schema, ==, "org.gnome.OnlineAccounts");
  g_assert_cmpstr (alice->keyring_attribute, ==, "goa-identity");
  g_assert_cmpstr (alice->keyring_value, ==, "imap_smtp:gen0:account_1700000000_0");
  g_assert_cmpstr (alice->goa_id, ==, "account_1700000000_0");

  bob = find_label (accounts, "bob@gmail.com");
  assert_server (bob->imap, "imap.gmail.com", 993, MAIL_SECURITY_TLS, "bob@gmail.com",
                 MAIL_AUTH_OAUTH2, "Provider");
  assert_server (bob->smtp, "smtp.gmail.com", 465, MAIL_SECURITY_TLS, "bob@gmail.com",
                 MAIL_AUTH_OAUTH2, "Provider");
  g_assert_cmpint (bob->credential, ==, MAIL_OTHER_APP_CREDENTIAL_OAUTH2);
}

static void
test_goa_old (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("goa", "old");
  MailOtherAppAccount *erin, *dave;

  g_assert_cmpuint (accounts->len, ==, 2);
  erin = find_label (accounts, "erin@example.org");
  /* No port: goa's own defaults, 143 for STARTTLS, 465 for implicit TLS. */
  assert_server (erin->imap, "mail.example.org", 143, MAIL_SECURITY_STARTTLS, "erin@example.org",
                 MAIL_AUTH_PASSWORD, "ImapHost");
  assert_server (erin->smtp, "mail.example.org", 465, MAIL_SECURITY_TLS, NULL,
                 MAIL_AUTH_NONE, "SmtpHost");

  dave = find_label (accounts, "dave@outlook.com");
  assert_server (dave->imap, "imap-mail.outlook.com", 993, MAIL_SECURITY_TLS, "dave@outlook.com",
                 MAIL_AUTH_OAUTH2, "Provider");
  assert_server (dave->smtp, "smtp-mail.outlook.com", 587, MAIL_SECURITY_STARTTLS,
                 "dave@outlook.com", MAIL_AUTH_OAUTH2, "Provider");
}

static void
test_goa_malformed (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("goa", "malformed");

  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (error_at (accounts, 0)->file, ==, "~/.config/goa-1.0/accounts.conf");
  g_assert_cmpstr (error_at (accounts, 0)->app, ==, "goa");
}

static void
test_goa_bad_host (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("goa", "bad-host");

  /* A zone id and a port out of range: both reported, neither checked. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (count_errors (accounts), ==, 2);
  g_assert_nonnull (strstr (error_at (accounts, 0)->error, "account_1_0"));
  g_assert_nonnull (strstr (error_at (accounts, 1)->error, "account_2_0"));
}

static void
test_evolution_full (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("evolution", "full");
  MailOtherAppAccount *work, *gmail;

  /* The POP account and the proxy source are not IMAP accounts. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (count_errors (accounts), ==, 0);

  work = find_label (accounts, "Work Mail");
  g_assert_cmpstr (work->email, ==, "frank@work.example");
  assert_server (work->imap, "imap.work.example", 993, MAIL_SECURITY_TLS, "frank",
                 MAIL_AUTH_PASSWORD, "1700000000.1234.1@host.source [Authentication] Host");
  g_assert_cmpstr (work->imap->auth_method, ==, "PLAIN");
  assert_server (work->smtp, "smtp.work.example", 587, MAIL_SECURITY_STARTTLS, "frank",
                 MAIL_AUTH_PASSWORD, "1700000000.1234.3@host.source [Authentication] Host");
  g_assert_cmpint (work->credential, ==, MAIL_OTHER_APP_CREDENTIAL_KEYRING);
  g_assert_cmpstr (work->keyring_schema, ==, "org.gnome.Evolution.Data.Source");
  g_assert_cmpstr (work->keyring_attribute, ==, "e-source-uid");
  g_assert_cmpstr (work->keyring_value, ==, "1700000000.1234.1@host");

  gmail = find_label (accounts, "Gmail");
  g_assert_cmpstr (gmail->email, ==, "grace@gmail.com");
  g_assert_null (gmail->smtp);
  g_assert_cmpint (gmail->imap->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_cmpint (gmail->credential, ==, MAIL_OTHER_APP_CREDENTIAL_OAUTH2);
}

static void
test_evolution_partial (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("evolution", "partial");
  MailOtherAppAccount *lone;

  g_assert_cmpuint (accounts->len, ==, 1);
  lone = find_label (accounts, "Lone IMAP");
  g_assert_null (lone->email);
  g_assert_null (lone->smtp);
  /* Port=0 is Evolution's "the default for the security". */
  assert_server (lone->imap, "mail.lone.example", 143, MAIL_SECURITY_STARTTLS,
                 "lone@lone.example", MAIL_AUTH_PASSWORD, "lone.source [Authentication] Host");
}

static void
test_evolution_malformed (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("evolution", "malformed");

  /* The broken file is reported; the good one beside it is still read. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (count_errors (accounts), ==, 1);
  g_assert_cmpstr (error_at (accounts, 0)->file, ==, "~/.config/evolution/sources/broken.source");
  g_assert_nonnull (find_label (accounts, "Work Mail")->imap);
}

static void
test_geary_v1 (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("geary", "v1");
  MailOtherAppAccount *ivy, *jack;

  /* account_03 is managed by GOA: its servers are GOA's. */
  g_assert_cmpuint (accounts->len, ==, 2);
  ivy = find_label (accounts, "Ivy at Example");
  g_assert_cmpstr (ivy->email, ==, "ivy@example.com");
  assert_server (ivy->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "ivy@example.com",
                 MAIL_AUTH_PASSWORD, "account_01/geary.ini [Incoming] host");
  /* credentials=use-incoming: the IMAP login. */
  assert_server (ivy->smtp, "smtp.example.com", 587, MAIL_SECURITY_STARTTLS, "ivy@example.com",
                 MAIL_AUTH_PASSWORD, "account_01/geary.ini [Outgoing] host");
  /* Geary's item for the IMAP server (secret-mediator.vala: proto, host, login). */
  g_assert_cmpint (ivy->credential, ==, MAIL_OTHER_APP_CREDENTIAL_KEYRING);
  g_assert_cmpstr (ivy->keyring_schema, ==, "org.gnome.Geary");
  g_assert_cmpstr (ivy->keyring_attribute, ==, "login");
  g_assert_cmpstr (ivy->keyring_value, ==, "ivy@example.com");
  g_assert_cmpstrv (ivy->keyring_more,
                    ((const char *[]) { "proto", "IMAP", "host", "imap.example.com", NULL }));

  jack = find_label (accounts, "jack@gmail.com");
  assert_server (jack->imap, "imap.gmail.com", 993, MAIL_SECURITY_TLS, "jack@gmail.com",
                 MAIL_AUTH_PASSWORD, "[Account] service_provider");
  assert_server (jack->smtp, "smtp.gmail.com", 465, MAIL_SECURITY_TLS, "jack@gmail.com",
                 MAIL_AUTH_PASSWORD, "[Account] service_provider");
}

static void
test_geary_legacy (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("geary", "legacy");
  MailOtherAppAccount *henry;

  g_assert_cmpuint (accounts->len, ==, 1);
  henry = find_label (accounts, "Henry's mail");
  g_assert_cmpstr (henry->email, ==, "henry@example.net");
  g_assert_cmpstr (henry->file, ==, "~/.local/share/geary/henry@example.net/geary.ini");
  assert_server (henry->imap, "mail.example.net", 143, MAIL_SECURITY_STARTTLS, "henry",
                 MAIL_AUTH_PASSWORD, "[AccountInformation] imap_host");
  assert_server (henry->smtp, "mail.example.net", 465, MAIL_SECURITY_TLS, "henry",
                 MAIL_AUTH_PASSWORD, "[AccountInformation] smtp_host");
}

static void
test_geary_bad (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("geary", "bad");

  /* transport_security=ssl is not Geary's word; a file that is no key file. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (count_errors (accounts), ==, 2);
  g_assert_true (g_str_has_suffix (error_at (accounts, 0)->file, "account_01/geary.ini"));
  g_assert_true (g_str_has_suffix (error_at (accounts, 1)->file, "account_02/geary.ini"));
}

static void
test_thunderbird_install (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("thunderbird", "install");
  MailOtherAppAccount *liam, *mia;
  const char *prefs = "~/.thunderbird/abcd1234.default-release/prefs.js";

  /* The [Install…] default wins over Default=1; Local Folders is not IMAP. */
  g_assert_cmpuint (accounts->len, ==, 2);
  liam = find_label (accounts, "liam@example.com");
  g_assert_cmpstr (liam->file, ==, prefs);
  g_assert_cmpstr (liam->email, ==, "liam@example.com");
  /* user.js overrides the port and security of prefs.js. */
  assert_server (liam->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "liam",
                 MAIL_AUTH_PASSWORD, "prefs.js:26");
  g_assert_cmpstr (liam->imap->auth_method, ==, "Normal password");
  assert_server (liam->smtp, "smtp.example.com", 465, MAIL_SECURITY_TLS, "liam",
                 MAIL_AUTH_PASSWORD, "prefs.js:46");
  g_assert_cmpint (liam->credential, ==, MAIL_OTHER_APP_CREDENTIAL_NSS);

  mia = find_label (accounts, "Mia (Outlook)");
  g_assert_cmpstr (mia->email, ==, "mia@outlook.com");
  assert_server (mia->imap, "outlook.office365.com", 993, MAIL_SECURITY_TLS, "mia@outlook.com",
                 MAIL_AUTH_OAUTH2, "prefs.js:37");
  g_assert_cmpstr (mia->imap->auth_method, ==, "OAuth2");
  assert_server (mia->smtp, "smtp.office365.com", 587, MAIL_SECURITY_STARTTLS,
                 "mia@outlook.com", MAIL_AUTH_OAUTH2, "prefs.js:51");
}

static void
test_thunderbird_default1 (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("thunderbird", "default1");
  MailOtherAppAccount *noah;

  g_assert_cmpuint (accounts->len, ==, 1);
  noah = find_label (accounts, "noah@example.org");
  /* realhostname is the name after an edit in Server Settings. */
  assert_server (noah->imap, "imap.example.org", 993, MAIL_SECURITY_TLS, "noah",
                 MAIL_AUTH_PASSWORD, "Profiles/xyz.default/prefs.js:8");
  assert_server (noah->smtp, "smtp.example.org", 587, MAIL_SECURITY_STARTTLS, NULL,
                 MAIL_AUTH_PASSWORD, "prefs.js:12");
}

static void
test_thunderbird_broken (void)
{
  g_autoptr(GPtrArray) malformed = read_fixture ("thunderbird", "malformed");
  g_autoptr(GPtrArray) no_profile = read_fixture ("thunderbird", "no-profile");

  g_assert_cmpuint (malformed->len, ==, 1);
  g_assert_cmpstr (error_at (malformed, 0)->file, ==, "~/.thunderbird/p1.default/prefs.js");
  g_assert_nonnull (strstr (error_at (malformed, 0)->error, "2"));

  /* Two profiles, none the default (and one pointing outside): no guess. */
  g_assert_cmpuint (no_profile->len, ==, 1);
  g_assert_cmpstr (error_at (no_profile, 0)->file, ==, "~/.thunderbird/profiles.ini");
}

static void
test_msmtp (void)
{
  g_autoptr(GPtrArray) home = read_fixture ("msmtp", "home");
  g_autoptr(GPtrArray) xdg = read_fixture ("msmtp", "xdg");
  g_autoptr(GPtrArray) bad = read_fixture ("msmtp", "bad");
  MailOtherAppAccount *work, *home_account, *plain, *oauth;

  /* "account default : work" is an alias, not a third account. */
  g_assert_cmpuint (home->len, ==, 2);
  work = find_label (home, "work");
  g_assert_null (work->imap);
  g_assert_cmpstr (work->email, ==, "olivia@work.example");
  assert_server (work->smtp, "smtp.work.example", 587, MAIL_SECURITY_STARTTLS, "olivia",
                 MAIL_AUTH_PASSWORD, "~/.msmtprc:10");
  g_assert_cmpint (work->credential, ==, MAIL_OTHER_APP_CREDENTIAL_COMMAND);
  g_assert_cmpstr (work->credential_detail, ==,
                   "gpg --quiet --for-your-eyes-only --no-tty --decrypt ~/.msmtp-work.gpg");

  home_account = find_label (home, "home");
  assert_server (home_account->smtp, "mail.home.example", 465, MAIL_SECURITY_TLS,
                 "olivia@home.example", MAIL_AUTH_PASSWORD, "~/.msmtprc:18");
  g_assert_cmpint (home_account->credential, ==, MAIL_OTHER_APP_CREDENTIAL_IN_FILE);
  g_assert_null (home_account->credential_detail);

  g_assert_cmpuint (xdg->len, ==, 2);
  plain = find_label (xdg, "plain");
  assert_server (plain->smtp, "127.0.0.1", 2525, MAIL_SECURITY_NONE, NULL, MAIL_AUTH_NONE,
                 "~/.config/msmtp/config:2");
  oauth = find_label (xdg, "oauth");
  assert_server (oauth->smtp, "smtp.gmail.com", 587, MAIL_SECURITY_STARTTLS, "pat@gmail.com",
                 MAIL_AUTH_OAUTH2, "config:9");

  /* A setting before any account: the file is reported, not guessed at. */
  g_assert_cmpuint (bad->len, ==, 1);
  g_assert_cmpstr (error_at (bad, 0)->file, ==, "~/.msmtprc");
}

static void
test_mbsync (void)
{
  g_autoptr(GPtrArray) old = read_fixture ("mbsync", "isync-1.4");
  g_autoptr(GPtrArray) current = read_fixture ("mbsync", "isync-1.5");
  g_autoptr(GPtrArray) bad = read_fixture ("mbsync", "bad");
  MailOtherAppAccount *quinn, *rosa, *gmail;

  g_assert_cmpuint (old->len, ==, 1);
  quinn = find_label (old, "quinn");
  g_assert_cmpstr (quinn->email, ==, "quinn@example.com");
  g_assert_null (quinn->smtp);
  assert_server (quinn->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "quinn@example.com",
                 MAIL_AUTH_PASSWORD, "~/.mbsyncrc:3");
  g_assert_cmpint (quinn->credential, ==, MAIL_OTHER_APP_CREDENTIAL_COMMAND);
  g_assert_cmpstr (quinn->credential_detail, ==, "pass show mail/quinn");

  g_assert_cmpuint (current->len, ==, 2);
  rosa = find_label (current, "rosa-remote");
  assert_server (rosa->imap, "mail.example.org", 143, MAIL_SECURITY_STARTTLS, "rosa",
                 MAIL_AUTH_PASSWORD, "~/.config/isyncrc:2");
  g_assert_cmpint (rosa->credential, ==, MAIL_OTHER_APP_CREDENTIAL_IN_FILE);
  gmail = find_label (current, "gmail");
  assert_server (gmail->imap, "imap.gmail.com", 993, MAIL_SECURITY_TLS, "sam@gmail.com",
                 MAIL_AUTH_OAUTH2, "isyncrc:10");
  g_assert_cmpstr (gmail->credential_detail, ==, "oauth2ms --token sam");

  g_assert_cmpuint (bad->len, ==, 2);
  g_assert_cmpuint (count_errors (bad), ==, 2);
  g_assert_nonnull (strstr (error_at (bad, 0)->error, "broken"));
  g_assert_nonnull (strstr (error_at (bad, 1)->error, "nohost"));
}

static void
test_neomutt (void)
{
  g_autoptr(GPtrArray) home = read_fixture ("neomutt", "home");
  g_autoptr(GPtrArray) xdg = read_fixture ("neomutt", "xdg");
  g_autoptr(GPtrArray) local = read_fixture ("neomutt", "local");
  MailOtherAppAccount *tara, *uma;

  g_assert_cmpuint (home->len, ==, 1);
  tara = g_ptr_array_index (home, 0);
  g_assert_cmpstr (tara->email, ==, "tara@example.com");
  /* imap_user when the URL has no user. */
  assert_server (tara->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "tara",
                 MAIL_AUTH_PASSWORD, "~/.neomuttrc:5");
  assert_server (tara->smtp, "smtp.example.com", 587, MAIL_SECURITY_STARTTLS, "tara",
                 MAIL_AUTH_PASSWORD, "~/.neomuttrc:7");

  g_assert_cmpuint (xdg->len, ==, 1);
  uma = g_ptr_array_index (xdg, 0);
  /* The address unescaped in the URL, as many neomuttrc files have it. */
  assert_server (uma->imap, "imap.gmail.com", 993, MAIL_SECURITY_TLS, "uma@gmail.com",
                 MAIL_AUTH_OAUTH2, "~/.config/neomutt/neomuttrc:2");
  assert_server (uma->smtp, "smtp.gmail.com", 465, MAIL_SECURITY_TLS, "uma@gmail.com",
                 MAIL_AUTH_PASSWORD, "neomuttrc:3");
  g_assert_cmpint (uma->credential, ==, MAIL_OTHER_APP_CREDENTIAL_COMMAND);

  g_assert_cmpuint (local->len, ==, 0);
}

static void
test_aerc (void)
{
  g_autoptr(GPtrArray) accounts = read_fixture ("aerc", "ok");
  g_autoptr(GPtrArray) bad = read_fixture ("aerc", "bad");
  MailOtherAppAccount *victor, *wendy, *plain;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  /* The Maildir + sendmail account has no server. */
  g_assert_cmpuint (accounts->len, ==, 3);
  victor = find_label (accounts, "Victor");
  g_assert_cmpstr (victor->email, ==, "victor@example.com");
  assert_server (victor->imap, "imap.example.com", 993, MAIL_SECURITY_TLS, "victor@example.com",
                 MAIL_AUTH_PASSWORD, "~/.config/aerc/accounts.conf:2");
  assert_server (victor->smtp, "smtp.example.com", 587, MAIL_SECURITY_STARTTLS,
                 "victor@example.com", MAIL_AUTH_PASSWORD, "accounts.conf:4");
  g_assert_cmpstr (victor->credential_detail, ==, "pass show mail/victor");

  wendy = find_label (accounts, "Wendy Gmail");
  assert_server (wendy->imap, "imap.gmail.com", 993, MAIL_SECURITY_TLS, "wendy@gmail.com",
                 MAIL_AUTH_OAUTH2, "accounts.conf:11");
  assert_server (wendy->smtp, "smtp.gmail.com", 465, MAIL_SECURITY_TLS, "wendy@gmail.com",
                 MAIL_AUTH_OAUTH2, "accounts.conf:12");

  plain = find_label (accounts, "Plain");
  assert_server (plain->imap, "127.0.0.1", 1143, MAIL_SECURITY_NONE, "xavier",
                 MAIL_AUTH_PASSWORD, "accounts.conf:21");
  g_assert_cmpint (plain->credential, ==, MAIL_OTHER_APP_CREDENTIAL_IN_FILE);

  /* The password in the URL is never kept, so never listed. */
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    mail_other_app_account_to_json (g_ptr_array_index (accounts, i), builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_assert_null (strstr (json, "secret"));

  g_assert_cmpuint (bad->len, ==, 1);
  g_assert_nonnull (strstr (error_at (bad, 0)->error, "1"));
}

static void
test_size_bound (void)
{
  g_autofree char *home = g_dir_make_tmp ("other-apps-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (home, ".msmtprc", NULL);
  g_autofree char *big = g_malloc (1024 * 1024 + 2);
  g_autoptr(MailOtherAppsDirs) dirs = mail_other_apps_dirs_new (home, NULL, NULL);
  g_autoptr(GPtrArray) accounts = NULL;

  /* One byte over 1 MiB: refused, reported, nothing read. */
  memset (big, '#', 1024 * 1024 + 1);
  big[1024 * 1024 + 1] = '\0';
  g_assert_true (g_file_set_contents (path, big, -1, NULL));
  accounts = mail_other_apps_read (dirs, "msmtp");
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_nonnull (error_at (accounts, 0)->error);
  g_assert_cmpstr (error_at (accounts, 0)->file, ==, "~/.msmtprc");

  g_unlink (path);
  g_rmdir (home);
}

static void
test_all_apps_in_one_home (void)
{
  g_autofree char *home = g_test_build_filename (G_TEST_DIST, "data", "other-apps", "msmtp",
                                                 "home", NULL);
  g_autoptr(MailOtherAppsDirs) dirs = mail_other_apps_dirs_new (home, NULL, NULL);
  g_autoptr(GPtrArray) only = mail_other_apps_read (dirs, "mbsync");

  /* Asking for one app reads only that app's files. */
  g_assert_cmpuint (only->len, ==, 0);
  g_assert_true (mail_other_apps_app_is_known ("thunderbird"));
  g_assert_false (mail_other_apps_app_is_known ("outlook"));
  g_assert_cmpuint (g_strv_length ((char **) mail_other_apps_list_apps ()), ==, 8);
}

/* The settings that work, in each app's words: only what differs is named. */
static void
test_wording (void)
{
  g_autoptr(GPtrArray) thunderbird = read_fixture ("thunderbird", "install");
  g_autoptr(GPtrArray) msmtp = read_fixture ("msmtp", "home");
  g_autoptr(GPtrArray) aerc = read_fixture ("aerc", "ok");
  g_autoptr(MailServer) starttls = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.com", 143,
                                                    MAIL_SECURITY_STARTTLS);
  g_autoptr(MailServer) same = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.com", 993,
                                                MAIL_SECURITY_TLS);
  g_autoptr(MailServer) smtps = mail_server_new (MAIL_PROTOCOL_SMTP, "smtp.work.example", 465,
                                                 MAIL_SECURITY_TLS);
  g_autoptr(MailServer) other_host = mail_server_new (MAIL_PROTOCOL_IMAP, "mail.example.com", 993,
                                                      MAIL_SECURITY_TLS);
  g_autofree char *tb = NULL, *tb_same = NULL, *ms = NULL, *ae = NULL;

  tb = mail_other_apps_fix_text (find_label (thunderbird, "liam@example.com"),
                                 MAIL_PROTOCOL_IMAP, starttls);
  g_assert_cmpstr (tb, ==, "In Thunderbird: Account Settings → Server Settings → "
                           "Connection security: STARTTLS, Port: 143");
  same->username = g_strdup ("liam");
  tb_same = mail_other_apps_fix_text (find_label (thunderbird, "liam@example.com"),
                                      MAIL_PROTOCOL_IMAP, same);
  g_assert_null (tb_same);

  ms = mail_other_apps_fix_text (find_label (msmtp, "work"), MAIL_PROTOCOL_SMTP, smtps);
  g_assert_cmpstr (ms, ==, "In ~/.msmtprc, account work → tls on; tls_starttls off; port 465");
  g_assert_null (mail_other_apps_fix_text (find_label (msmtp, "work"), MAIL_PROTOCOL_IMAP, smtps));

  ae = mail_other_apps_fix_text (find_label (aerc, "Victor"), MAIL_PROTOCOL_IMAP, other_host);
  g_assert_cmpstr (ae, ==, "In ~/.config/aerc/accounts.conf [Victor] → source = "
                           "imaps://victor%40example.com@mail.example.com:993");
}

static void
assert_difference (GPtrArray  *differences,
                   guint       index,
                   const char *field,
                   const char *has,
                   const char *works,
                   gboolean    differs)
{
  const MailOtherAppsDifference *difference;

  g_assert_cmpuint (index, <, differences->len);
  difference = g_ptr_array_index (differences, index);
  g_assert_cmpstr (difference->field, ==, field);
  g_assert_cmpstr (difference->has, ==, has);
  g_assert_cmpstr (difference->works, ==, works);
  g_assert_cmpint (difference->differs, ==, differs);
}

/* Side by side: every field the app has, both values in its words, what differs marked. */
static void
test_differences (void)
{
  g_autoptr(GPtrArray) goa = read_fixture ("goa", "current");
  g_autoptr(GPtrArray) msmtp = read_fixture ("msmtp", "home");
  g_autoptr(GPtrArray) aerc = read_fixture ("aerc", "ok");
  g_autoptr(MailServer) imap_starttls = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.com",
                                                         143, MAIL_SECURITY_STARTTLS);
  g_autoptr(MailServer) smtps = mail_server_new (MAIL_PROTOCOL_SMTP, "smtp.work.example", 465,
                                                 MAIL_SECURITY_TLS);
  g_autoptr(MailServer) other_host = mail_server_new (MAIL_PROTOCOL_IMAP, "mail.example.com",
                                                      993, MAIL_SECURITY_TLS);
  g_autoptr(GPtrArray) g = NULL, m = NULL, a = NULL;

  /* GOA: server and port are one field; the user name stays the app's. */
  g = mail_other_apps_differences (find_label (goa, "alice@example.com"), MAIL_PROTOCOL_IMAP,
                                   imap_starttls);
  g_assert_cmpuint (g->len, ==, 3);
  assert_difference (g, 0, "Encryption", "SSL on a dedicated port", "STARTTLS after connecting",
                     TRUE);
  assert_difference (g, 1, "IMAP Server", "imap.example.com:993", "imap.example.com:143", TRUE);
  assert_difference (g, 2, "Username", "alice", "alice", FALSE);

  /* msmtp: its own keywords; security is its two lines. */
  m = mail_other_apps_differences (find_label (msmtp, "work"), MAIL_PROTOCOL_SMTP, smtps);
  g_assert_cmpuint (m->len, ==, 4);
  assert_difference (m, 0, "tls, tls_starttls", "tls on; tls_starttls on",
                     "tls on; tls_starttls off", TRUE);
  assert_difference (m, 1, "host", "smtp.work.example", "smtp.work.example", FALSE);
  assert_difference (m, 2, "port", "587", "465", TRUE);
  assert_difference (m, 3, "user", "olivia", "olivia", FALSE);
  g_assert_null (mail_other_apps_differences (find_label (msmtp, "work"), MAIL_PROTOCOL_IMAP,
                                              smtps));

  /* aerc: the whole URL. */
  a = mail_other_apps_differences (find_label (aerc, "Victor"), MAIL_PROTOCOL_IMAP, other_host);
  g_assert_cmpuint (a->len, ==, 1);
  assert_difference (a, 0, "source", "imaps://victor%40example.com@imap.example.com:993",
                     "imaps://victor%40example.com@mail.example.com:993", TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/other-apps/goa/current", test_goa_current);
  g_test_add_func ("/other-apps/goa/old", test_goa_old);
  g_test_add_func ("/other-apps/goa/malformed", test_goa_malformed);
  g_test_add_func ("/other-apps/goa/bad-host", test_goa_bad_host);
  g_test_add_func ("/other-apps/evolution/full", test_evolution_full);
  g_test_add_func ("/other-apps/evolution/partial", test_evolution_partial);
  g_test_add_func ("/other-apps/evolution/malformed", test_evolution_malformed);
  g_test_add_func ("/other-apps/geary/v1", test_geary_v1);
  g_test_add_func ("/other-apps/geary/legacy", test_geary_legacy);
  g_test_add_func ("/other-apps/geary/bad", test_geary_bad);
  g_test_add_func ("/other-apps/thunderbird/install", test_thunderbird_install);
  g_test_add_func ("/other-apps/thunderbird/default1", test_thunderbird_default1);
  g_test_add_func ("/other-apps/thunderbird/broken", test_thunderbird_broken);
  g_test_add_func ("/other-apps/msmtp", test_msmtp);
  g_test_add_func ("/other-apps/mbsync", test_mbsync);
  g_test_add_func ("/other-apps/neomutt", test_neomutt);
  g_test_add_func ("/other-apps/aerc", test_aerc);
  g_test_add_func ("/other-apps/size-bound", test_size_bound);
  g_test_add_func ("/other-apps/one-app", test_all_apps_in_one_home);
  g_test_add_func ("/other-apps/wording", test_wording);
  g_test_add_func ("/other-apps/differences", test_differences);

  return g_test_run ();
}
