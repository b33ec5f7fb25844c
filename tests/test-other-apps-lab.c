/* test-other-apps-lab.c: `accounts --other-apps` and `test EMAIL --from APP` against the lab
 *
 * Each app's files are written at test time into a fixture home pointing at the lab's Dovecot:
 * one account that works and one with a wrong port or security, per app. The check is the
 * `test` command's own; a failure is explained with the app's own words for the settings that
 * work. GOA's and Evolution's passwords come from real items in the lab's keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "mail-test-lib.h"

/* A variable the lab sets (asserted). */
#define env(name) mail_test_env (name)

typedef SecretSchema MailSecretSchema;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailSecretSchema, secret_schema_unref)

static char *lab_root;  /* all fixture homes, removed at the end */

/* A fresh home for app/variant; files written by the caller. */
static char *
make_home (const char *app,
           const char *variant)
{
  char *home = g_build_filename (lab_root, app, variant, NULL);

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  return home;
}

/* mail-setup-cli args... with HOME and XDG_CONFIG_HOME at home; logged, and never showing
 * the lab's password. */
static MailTestCliRun *
cli_in_home (const char         *home,
             const char         *stdin_text,
             const char * const *args)
{
  g_autofree char *home_env = g_strconcat ("HOME=", home, NULL);
  g_autofree char *config = g_strconcat ("XDG_CONFIG_HOME=", home, "/.config", NULL);
  g_autofree char *data = g_strconcat ("XDG_DATA_HOME=", home, "/.local/share", NULL);
  const char *env[] = { home_env, config, data, NULL };
  MailTestCliRun *run = mail_test_cli_run (env, stdin_text, args);

  mail_test_cli_run_log (run);
  mail_test_cli_run_assert_no_secret (run, env ("MAIL_LAB_PASSWORD"));
  return run;
}

/* test alice --from app --json [--password-stdin] [extra], with the lab's provider and CA. */
static MailTestCliRun *
run_from (const char *home,
          const char *app,
          gboolean    password_stdin,
          const char *extra)
{
  g_autofree char *input = g_strdup_printf ("%s\n", env ("MAIL_LAB_PASSWORD"));
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *fixed[] = {
    "test", env ("MAIL_LAB_USER"), "--from", app,
    "--provider-file", env ("MAIL_LAB_PROVIDER_FILE"), "--ca-file", env ("MAIL_LAB_CA_FILE"),
    "--json", "--timeout", "20",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (args, (char *) fixed[i]);
  if (password_stdin)
    g_ptr_array_add (args, "--password-stdin");
  if (extra != NULL)
    g_ptr_array_add (args, (char *) extra);
  g_ptr_array_add (args, NULL);
  return cli_in_home (home, password_stdin ? input : NULL, (const char * const *) args->pdata);
}

static JsonObject *
root_of (MailTestCliRun *run)
{
  g_assert_nonnull (run->json);
  return json_node_get_object (run->json);
}

static const char *
diagnosis_code (MailTestCliRun *run,
                const char *protocol)
{
  JsonArray *checks = json_object_get_array_member (root_of (run), "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      JsonNode *diagnosis = json_object_get_member (check, "diagnosis");

      if (g_strcmp0 (json_object_get_string_member (check, "protocol"), protocol) != 0)
        continue;
      if (diagnosis == NULL || JSON_NODE_HOLDS_NULL (diagnosis))
        return NULL;
      return json_object_get_string_member (json_node_get_object (diagnosis), "code");
    }
  g_assert_not_reached ();
}

static void
assert_works (MailTestCliRun *run,
              const char *app,
              guint       n_checks)
{
  JsonObject *root = root_of (run);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "checks")), ==,
                    n_checks);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "from"),
                                                  "app"), ==, app);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "app_fixes")), ==,
                    0);
}

static void
assert_fix (MailTestCliRun *run,
            const char *protocol,
            const char *code,
            const char *fix)
{
  JsonArray *fixes;

  g_assert_cmpint (run->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (root_of (run), "ok"));
  g_assert_cmpstr (diagnosis_code (run, protocol), ==, code);
  fixes = json_object_get_array_member (root_of (run), "app_fixes");
  g_assert_cmpuint (json_array_get_length (fixes), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (fixes, 0), ==, fix);
}

/* --- keyring items as GOA and Evolution keep them ------------------------------------------ */

static void
store_item (const char *schema_name,
            const char *attribute,
            const char *value,
            const char *secret)
{
  /* Not g_autoptr: libsecret 0.20 declares it with g_object_unref. */
  g_autoptr(MailSecretSchema) schema = NULL;

  schema = secret_schema_new (schema_name, SECRET_SCHEMA_DONT_MATCH_NAME,
                              attribute, SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (schema, SECRET_COLLECTION_DEFAULT, "test item", secret, NULL,
                              &error, attribute, value, NULL);
  g_assert_no_error (error);
}

/* Geary's item: schema org.gnome.Geary, proto, host, login. */
static void
store_geary_item (gboolean store)
{
  g_autoptr(MailSecretSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = secret_schema_new ("org.gnome.Geary", SECRET_SCHEMA_NONE,
                              "login", SECRET_SCHEMA_ATTRIBUTE_STRING,
                              "host", SECRET_SCHEMA_ATTRIBUTE_STRING,
                              "proto", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  if (store)
    secret_password_store_sync (schema, SECRET_COLLECTION_DEFAULT, "Geary test item",
                                env ("MAIL_LAB_PASSWORD"), NULL, &error,
                                "login", env ("MAIL_LAB_USER"), "host", "localhost",
                                "proto", "IMAP", NULL);
  else
    secret_password_clear_sync (schema, NULL, &error, "login", env ("MAIL_LAB_USER"),
                                "host", "localhost", "proto", "IMAP", NULL);
  g_assert_no_error (error);
}

static void
clear_item (const char *schema_name,
            const char *attribute,
            const char *value)
{
  /* Not g_autoptr: libsecret 0.20 declares it with g_object_unref. */
  g_autoptr(MailSecretSchema) schema = NULL;

  schema = secret_schema_new (schema_name, SECRET_SCHEMA_DONT_MATCH_NAME,
                              attribute, SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);

  secret_password_clear_sync (schema, NULL, NULL, attribute, value, NULL);
}

/* --- per app ---------------------------------------------------------------------------------- */

static char *
goa_conf (const char *imap_port,
          const char *imap_ssl,
          const char *imap_tls)
{
  return g_strdup_printf ("[Account account_1_0]\nProvider=imap_smtp\nIdentity=%s\n"
                          "PresentationIdentity=%s\nEnabled=true\nEmailAddress=%s\nName=Alice\n"
                          "ImapHost=localhost:%s\nImapUserName=%s\nImapUseSsl=%s\n"
                          "ImapUseTls=%s\nSmtpHost=localhost:%s\nSmtpUseAuth=true\n"
                          "SmtpUserName=%s\nSmtpUseSsl=false\nSmtpUseTls=true\n",
                          env ("MAIL_LAB_USER"), env ("MAIL_LAB_USER"), env ("MAIL_LAB_USER"),
                          imap_port, env ("MAIL_LAB_USER"), imap_ssl, imap_tls,
                          env ("MAIL_LAB_SUBMISSION_PORT"), env ("MAIL_LAB_USER"));
}

static void
test_goa (void)
{
  g_autofree char *good = NULL, *broken = NULL, *conf = NULL, *fix = NULL, *secret = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) refused = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("goa", "good");
  conf = goa_conf (env ("MAIL_LAB_IMAPS_PORT"), "true", "false");
  mail_test_write_file (good, ".config/goa-1.0/accounts.conf", conf);
  secret = g_strdup_printf ("{'imap-password': <'%s'>, 'smtp-password': <'%s'>}",
                            env ("MAIL_LAB_PASSWORD"), env ("MAIL_LAB_PASSWORD"));
  store_item ("org.gnome.OnlineAccounts", "goa-identity", "imap_smtp:gen0:account_1_0", secret);

  /* Without consent and without a terminal: the keyring is not read, the person is told. */
  refused = run_from (good, "goa", FALSE, NULL);
  g_assert_cmpint (refused->status, ==, 2);
  g_assert_nonnull (strstr (refused->err, "--use-app-credential"));

  /* With consent: GOA's own keyring item. */
  run = run_from (good, "goa", FALSE, "--use-app-credential");
  assert_works (run, "goa", 2);

  broken = make_home ("goa", "broken");
  g_free (conf);
  conf = goa_conf (env ("MAIL_LAB_IMAP_PORT"), "true", "false");
  mail_test_write_file (broken, ".config/goa-1.0/accounts.conf", conf);
  bad = run_from (broken, "goa", TRUE, NULL);
  fix = g_strdup_printf ("In Settings → Online Accounts → %s → IMAP → IMAP Server: localhost:%s",
                         env ("MAIL_LAB_USER"), env ("MAIL_LAB_IMAPS_PORT"));
  assert_fix (bad, "imap", "wrong-security-mode", fix);

  clear_item ("org.gnome.OnlineAccounts", "goa-identity", "imap_smtp:gen0:account_1_0");
}

static void
write_evolution (const char *home,
                 const char *imap_port,
                 const char *imap_security)
{
  g_autofree char *account = g_strdup_printf (
    "[Data Source]\nDisplayName=Lab\nEnabled=true\n\n[Mail Account]\nBackendName=imapx\n"
    "IdentityUid=lab-identity\n\n[Authentication]\nHost=localhost\nMethod=PLAIN\nPort=%s\n"
    "User=%s\n\n[Security]\nMethod=%s\n", imap_port, env ("MAIL_LAB_USER"), imap_security);
  g_autofree char *identity = g_strdup_printf (
    "[Data Source]\nDisplayName=%s\nParent=lab-account\n\n[Mail Identity]\nAddress=%s\n\n"
    "[Mail Submission]\nTransportUid=lab-transport\n", env ("MAIL_LAB_USER"),
    env ("MAIL_LAB_USER"));
  g_autofree char *transport = g_strdup_printf (
    "[Data Source]\nDisplayName=Lab\nParent=lab-account\n\n[Mail Transport]\nBackendName=smtp\n\n"
    "[Authentication]\nHost=localhost\nMethod=PLAIN\nPort=%s\nUser=%s\n\n[Security]\n"
    "Method=ssl-on-alternate-port\n", env ("MAIL_LAB_SUBMISSIONS_PORT"), env ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".config/evolution/sources/lab-account.source", account);
  mail_test_write_file (home, ".config/evolution/sources/lab-identity.source", identity);
  mail_test_write_file (home, ".config/evolution/sources/lab-transport.source", transport);
}

static void
test_evolution (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  /* STARTTLS on the plain port and implicit TLS for sending: not the provider's, but working. */
  good = make_home ("evolution", "good");
  write_evolution (good, env ("MAIL_LAB_IMAP_PORT"), "starttls-on-standard-port");
  store_item ("org.gnome.Evolution.Data.Source", "e-source-uid", "lab-account",
              env ("MAIL_LAB_PASSWORD"));
  run = run_from (good, "evolution", FALSE, "--yes");
  assert_works (run, "evolution", 2);
  clear_item ("org.gnome.Evolution.Data.Source", "e-source-uid", "lab-account");

  broken = make_home ("evolution", "broken");
  write_evolution (broken, env ("MAIL_LAB_CLOSED_PORT"), "starttls-on-standard-port");
  bad = run_from (broken, "evolution", TRUE, NULL);
  fix = g_strdup_printf ("In Evolution: Edit → Accounts → Lab → Edit → Receiving Email → "
                         "Encryption method: TLS on a dedicated port, Port: %s",
                         env ("MAIL_LAB_IMAPS_PORT"));
  assert_fix (bad, "imap", "connect-refused", fix);
}

static void
write_geary (const char *home,
             const char *smtp_security)
{
  g_autofree char *ini = g_strdup_printf (
    "[Metadata]\nversion=1\nstatus=enabled\n\n[Account]\nlabel=Lab\nsender_mailboxes=Alice <%s>;\n"
    "service_provider=other\n\n[Incoming]\nlogin=%s\nhost=localhost\nport=%s\n"
    "transport_security=transport\ncredentials=custom\n\n[Outgoing]\nhost=localhost\nport=%s\n"
    "transport_security=%s\ncredentials=use-incoming\n", env ("MAIL_LAB_USER"),
    env ("MAIL_LAB_USER"), env ("MAIL_LAB_IMAPS_PORT"), env ("MAIL_LAB_SUBMISSION_PORT"),
    smtp_security);

  mail_test_write_file (home, ".config/geary/account_01/geary.ini", ini);
}

static void
test_geary (void)
{
  g_autofree char *good = NULL, *broken = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("geary", "good");
  write_geary (good, "start-tls");
  run = run_from (good, "geary", TRUE, NULL);
  assert_works (run, "geary", 2);

  /* With Geary's own keyring item, after consent. */
  {
    g_autoptr(MailTestCliRun) keyring = NULL;

    store_geary_item (TRUE);
    keyring = run_from (good, "geary", FALSE, "--yes");
    assert_works (keyring, "geary", 2);
    store_geary_item (FALSE);
  }

  broken = make_home ("geary", "broken");
  write_geary (broken, "transport");
  bad = run_from (broken, "geary", TRUE, NULL);
  assert_fix (bad, "smtp", "wrong-security-mode",
              "In Geary: Accounts → Lab → Server Settings → Sending → "
              "Connection security: StartTLS");
}

static void
write_thunderbird_as (const char *home,
                      const char *imap_port,
                      int         socket_type,
                      const char *imap_user);

static void
write_thunderbird (const char *home,
                   const char *imap_port,
                   int         socket_type)
{
  write_thunderbird_as (home, imap_port, socket_type, env ("MAIL_LAB_USER"));
}

static void
write_thunderbird_as (const char *home,
                      const char *imap_port,
                      int         socket_type,
                      const char *imap_user)
{
  g_autofree char *prefs = g_strdup_printf (
    "// Mozilla User Preferences\n\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"%s\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"localhost\");\n"
    "user_pref(\"mail.server.server1.name\", \"Lab\");\n"
    "user_pref(\"mail.server.server1.port\", %s);\n"
    "user_pref(\"mail.server.server1.socketType\", %d);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"%s\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"localhost\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", %s);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"%s\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n",
    env ("MAIL_LAB_USER"), imap_port, socket_type, imap_user,
    env ("MAIL_LAB_SUBMISSION_PORT"), env ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".thunderbird/profiles.ini",
              "[Install4F96D1932A9F858E]\nDefault=lab.default-release\nLocked=1\n\n"
              "[Profile0]\nName=default-release\nIsRelative=1\nPath=lab.default-release\n");
  mail_test_write_file (home, ".thunderbird/lab.default-release/prefs.js", prefs);
}

static void
test_thunderbird (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) no_password = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("thunderbird", "good");
  write_thunderbird (good, env ("MAIL_LAB_IMAPS_PORT"), 3);

  /* Thunderbird's passwords are not read: without one on stdin the person is told so. */
  no_password = run_from (good, "thunderbird", FALSE, NULL);
  g_assert_cmpint (no_password->status, ==, 2);
  g_assert_nonnull (strstr (no_password->err, "NSS"));
  g_assert_nonnull (strstr (no_password->err, "--password-stdin"));
  /* Said once, not before a prompt that cannot come and again in the error. */
  g_assert_null (strstr (strstr (no_password->err, "NSS") + 3, "NSS"));

  run = run_from (good, "thunderbird", TRUE, NULL);
  assert_works (run, "thunderbird", 2);

  broken = make_home ("thunderbird", "broken");
  write_thunderbird (broken, env ("MAIL_LAB_CLOSED_PORT"), 2);
  bad = run_from (broken, "thunderbird", TRUE, NULL);
  fix = g_strdup_printf ("In Thunderbird: Account Settings → Server Settings → "
                         "Connection security: SSL/TLS, Port: %s", env ("MAIL_LAB_IMAPS_PORT"));
  assert_fix (bad, "imap", "connect-refused", fix);

  /* A wrong port and a user name the server does not know: the fix names both. */
  {
    g_autofree char *both = make_home ("thunderbird", "broken-user");
    g_autofree char *both_fix = NULL;
    g_autoptr(MailTestCliRun) both_run = NULL;

    write_thunderbird_as (both, env ("MAIL_LAB_CLOSED_PORT"), 3, "alice");
    both_run = run_from (both, "thunderbird", TRUE, NULL);
    both_fix = g_strdup_printf ("In Thunderbird: Account Settings → Server Settings → "
                                "Port: %s, User Name: %s", env ("MAIL_LAB_IMAPS_PORT"),
                                env ("MAIL_LAB_USER"));
    assert_fix (both_run, "imap", "connect-refused", both_fix);
  }
}

static void
write_msmtp (const char *home,
             const char *starttls)
{
  g_autofree char *rc = g_strdup_printf (
    "defaults\nauth on\ntls on\n\naccount lab\nhost localhost\nport %s\ntls_starttls %s\n"
    "from %s\nuser %s\npasswordeval \"printenv MAIL_LAB_PASSWORD\"\n\naccount default : lab\n",
    env ("MAIL_LAB_SUBMISSION_PORT"), starttls, env ("MAIL_LAB_USER"), env ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".msmtprc", rc);
}

static void
test_msmtp (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) asked = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("msmtp", "good");
  write_msmtp (good, "on");

  /* The command is shown; without --yes (and no terminal) it is not run. */
  asked = run_from (good, "msmtp", FALSE, NULL);
  g_assert_cmpint (asked->status, ==, 2);
  g_assert_nonnull (strstr (asked->err, "printenv MAIL_LAB_PASSWORD"));
  g_assert_nonnull (strstr (asked->err, "not run"));

  /* msmtp only sends: only SMTP is checked. */
  run = run_from (good, "msmtp", FALSE, "--yes");
  assert_works (run, "msmtp", 1);

  broken = make_home ("msmtp", "broken");
  write_msmtp (broken, "off");
  bad = run_from (broken, "msmtp", TRUE, NULL);
  fix = g_strdup_printf ("In ~/.msmtprc, account lab → tls on; tls_starttls on");
  assert_fix (bad, "smtp", "wrong-security-mode", fix);
}

static void
write_mbsync (const char *home,
              const char *imap_port)
{
  g_autofree char *rc = g_strdup_printf (
    "IMAPAccount lab\nHost localhost\nPort %s\nUser %s\nTLSType IMAPS\nAuthMechs PLAIN\n\n"
    "IMAPStore lab-remote\nAccount lab\n", imap_port, env ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".mbsyncrc", rc);
}

static void
test_mbsync (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("mbsync", "good");
  write_mbsync (good, env ("MAIL_LAB_IMAPS_PORT"));
  run = run_from (good, "mbsync", TRUE, NULL);
  assert_works (run, "mbsync", 1);

  broken = make_home ("mbsync", "broken");
  write_mbsync (broken, env ("MAIL_LAB_IMAP_PORT"));
  bad = run_from (broken, "mbsync", TRUE, NULL);
  fix = g_strdup_printf ("In ~/.mbsyncrc, IMAPAccount lab → Port %s", env ("MAIL_LAB_IMAPS_PORT"));
  assert_fix (bad, "imap", "wrong-security-mode", fix);
}

static void
write_neomutt (const char *home,
               const char *smtp_scheme)
{
  g_autofree char *rc = g_strdup_printf (
    "set from = \"Alice <%s>\"\nset folder = \"imaps://%s@localhost:%s/\"\n"
    "set smtp_url = \"%s://%s@localhost:%s/\"\n", env ("MAIL_LAB_USER"), env ("MAIL_LAB_USER"),
    env ("MAIL_LAB_IMAPS_PORT"), smtp_scheme, env ("MAIL_LAB_USER"),
    env ("MAIL_LAB_SUBMISSION_PORT"));

  mail_test_write_file (home, ".neomuttrc", rc);
}

static void
test_neomutt (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("neomutt", "good");
  write_neomutt (good, "smtp");
  run = run_from (good, "neomutt", TRUE, NULL);
  assert_works (run, "neomutt", 2);

  broken = make_home ("neomutt", "broken");
  write_neomutt (broken, "smtps");
  bad = run_from (broken, "neomutt", TRUE, NULL);
  fix = g_strdup_printf ("In ~/.neomuttrc → set smtp_url = \"smtp://alice%%40example.test@"
                         "localhost:%s/\"", env ("MAIL_LAB_SUBMISSION_PORT"));
  assert_fix (bad, "smtp", "wrong-security-mode", fix);
}

static void
write_aerc (const char *home,
            const char *imap_port)
{
  g_autofree char *conf = g_strdup_printf (
    "[Lab]\nsource = imaps://alice%%40example.test@localhost:%s\n"
    "outgoing = smtp://alice%%40example.test@localhost:%s\nfrom = Alice <%s>\n",
    imap_port, env ("MAIL_LAB_SUBMISSION_PORT"), env ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".config/aerc/accounts.conf", conf);
}

static void
test_aerc (void)
{
  g_autofree char *good = NULL, *broken = NULL, *fix = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) bad = NULL;

  if (!mail_test_lab_available ())
    return;

  good = make_home ("aerc", "good");
  write_aerc (good, env ("MAIL_LAB_IMAPS_PORT"));
  run = run_from (good, "aerc", TRUE, NULL);
  assert_works (run, "aerc", 2);

  broken = make_home ("aerc", "broken");
  write_aerc (broken, env ("MAIL_LAB_CLOSED_PORT"));
  bad = run_from (broken, "aerc", TRUE, NULL);
  fix = g_strdup_printf ("In ~/.config/aerc/accounts.conf [Lab] → source = "
                         "imaps://alice%%40example.test@localhost:%s",
                         env ("MAIL_LAB_IMAPS_PORT"));
  assert_fix (bad, "imap", "connect-refused", fix);
}

/* accounts --other-apps in a home with every app's files: each listed with its source. */
static void
test_list (void)
{
  g_autofree char *home = NULL;
  g_autoptr(MailTestCliRun) json = NULL;
  g_autoptr(MailTestCliRun) text = NULL;
  JsonArray *accounts;
  const char *apps[] = { "goa", "evolution", "geary", "thunderbird", "msmtp", "mbsync",
                         "neomutt", "aerc" };

  if (!mail_test_lab_available ())
    return;

  home = make_home ("all", "home");
  {
    g_autofree char *conf = goa_conf (env ("MAIL_LAB_IMAPS_PORT"), "true", "false");

    mail_test_write_file (home, ".config/goa-1.0/accounts.conf", conf);
  }
  write_evolution (home, env ("MAIL_LAB_IMAPS_PORT"), "ssl-on-alternate-port");
  write_geary (home, "start-tls");
  write_thunderbird (home, env ("MAIL_LAB_IMAPS_PORT"), 3);
  write_msmtp (home, "on");
  write_mbsync (home, env ("MAIL_LAB_IMAPS_PORT"));
  write_neomutt (home, "smtp");
  write_aerc (home, env ("MAIL_LAB_IMAPS_PORT"));
  mail_test_write_file (home, ".config/aerc/../geary/account_02/geary.ini", "not a key file\n");

  json = cli_in_home (home, NULL, (const char *[]) { "accounts", "--other-apps", "--json", NULL });
  g_assert_cmpint (json->status, ==, 0);
  accounts = json_object_get_array_member (root_of (json), "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, G_N_ELEMENTS (apps) + 1);
  for (guint i = 0, a = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      JsonNode *imap = json_object_get_member (account, "imap");
      JsonNode *smtp = json_object_get_member (account, "smtp");
      JsonNode *server = imap && !JSON_NODE_HOLDS_NULL (imap) ? imap : smtp;

      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (account, "error")))
        {
          /* The unreadable Geary file, reported with its path, between the apps. */
          g_assert_cmpstr (json_object_get_string_member (account, "file"), ==,
                           "~/.config/geary/account_02/geary.ini");
          continue;
        }
      g_assert_cmpstr (json_object_get_string_member (account, "app"), ==, apps[a++]);
      g_assert_cmpstr (json_object_get_string_member (account, "email"), ==,
                       env ("MAIL_LAB_USER"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (
                       json_node_get_object (server), "source"), "~/"));
    }

  /* accounts --help shows --other-apps. */
  {
    g_autoptr(MailTestCliRun) help = NULL;

    help = cli_in_home (home, NULL, (const char *[]) { "accounts", "--help", NULL });

    g_assert_cmpint (help->status, ==, 0);
    g_assert_nonnull (strstr (help->out, "--other-apps"));
    g_assert_nonnull (strstr (help->out, "--json"));
  }

  text = cli_in_home (home, NULL, (const char *[]) { "accounts", "--other-apps", NULL });
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "Thunderbird: Lab"));
  g_assert_nonnull (strstr (text->out, "~/.thunderbird/lab.default-release/prefs.js:8"));
  g_assert_nonnull (strstr (text->out, "cannot read ~/.config/geary/account_02/geary.ini"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  lab_root = mail_test_make_tmp_dir ("other-apps-lab-XXXXXX");

  g_test_add_func ("/other-apps-lab/list", test_list);
  g_test_add_func ("/other-apps-lab/goa", test_goa);
  g_test_add_func ("/other-apps-lab/evolution", test_evolution);
  g_test_add_func ("/other-apps-lab/geary", test_geary);
  g_test_add_func ("/other-apps-lab/thunderbird", test_thunderbird);
  g_test_add_func ("/other-apps-lab/msmtp", test_msmtp);
  g_test_add_func ("/other-apps-lab/mbsync", test_mbsync);
  g_test_add_func ("/other-apps-lab/neomutt", test_neomutt);
  g_test_add_func ("/other-apps-lab/aerc", test_aerc);

  status = g_test_run ();
  if (g_getenv ("MAIL_LAB_PASSWORD") != NULL)
    mail_test_assert_no_secret_in_tree (lab_root, g_getenv ("MAIL_LAB_PASSWORD"));
  mail_test_remove_tree (lab_root);
  g_free (lab_root);
  return status;
}
