/* test-goa-export-lab.c: `export EMAIL --format goa` with a real goa-daemon on the lab's bus
 *
 * The lab's private session bus starts goa-daemon on demand (its D-Bus service file), which
 * keeps accounts.conf in the lab's XDG_CONFIG_HOME and the password in the lab's keyring. The
 * account is read back three ways: GOA's ObjectManager, Mail Setup's accounts.conf reader, and
 * `test --from goa` signing in to the lab's Dovecot with GOA's own keyring item. GOA's OAuth2
 * accounts (Google, Windows Live) hold a token minted by the lab's idp: `test --from goa` takes
 * it from GOA's OAuth2Based.GetAccessToken and signs in with XOAUTH2.
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
#include <libsoup/soup.h>

#include "mail-account-store.h"
#include "mail-account-settings.h"
#include "mail-goa-export.h"
#include "mail-other-apps.h"
#include "mail-test-lib.h"

typedef SecretSchema MailSecretSchema;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailSecretSchema, secret_schema_unref)

static char *work_dir;

static gboolean
lab_and_goa_available (void)
{
  return mail_test_lab_available () &&
         mail_test_need_program ("/usr/libexec/goa-daemon",
                                 "Debian package gnome-online-accounts");
}

/* mail-setup-cli args on the session bus at bus_address (NULL: the lab's); logged, and never
 * showing the lab's password. */
static MailTestCliRun *
cli_on_bus (const char         *bus_address,
            const char         *stdin_text,
            const char * const *args)
{
  g_autofree char *bus = NULL;
  const char *env[] = { NULL, NULL };
  MailTestCliRun *run;

  if (bus_address != NULL)
    env[0] = bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus_address, NULL);
  run = mail_test_cli_run (env, stdin_text, args);
  mail_test_cli_run_log (run);
  mail_test_cli_run_assert_no_secret (run, mail_test_env ("MAIL_LAB_PASSWORD"));
  return run;
}

/* bob's verified lab settings as `export --format json` writes them. */
static char *
write_settings (MailAuthKind auth,
                gboolean     verified)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, auth == MAIL_AUTH_OAUTH2 ? "oauth.json"
                                           : verified ? "bob.json" : "unverified.json", NULL);

  settings = mail_account_settings_new (mail_test_env ("MAIL_LAB_USER2"));
  settings->auth = auth;
  /* The unverified settings name other servers than the verification the keyring holds. */
  settings->imap = verified ? mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                               atoi (mail_test_env ("MAIL_LAB_IMAPS_PORT")),
                                               MAIL_SECURITY_TLS)
                            : mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                               atoi (mail_test_env ("MAIL_LAB_IMAP_PORT")),
                                               MAIL_SECURITY_STARTTLS);
  settings->smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "localhost",
                                    atoi (mail_test_env ("MAIL_LAB_SUBMISSION_PORT")),
                                    MAIL_SECURITY_STARTTLS);
  settings->imap->username = g_strdup (mail_test_env ("MAIL_LAB_USER2"));
  settings->smtp->username = g_strdup (mail_test_env ("MAIL_LAB_USER2"));
  settings->imap->auth = settings->smtp->auth = auth;
  if (verified)
    {
      settings->verified_at = g_date_time_new_now_utc ();
      if (auth == MAIL_AUTH_PASSWORD)
        mail_test_record_verification (settings, TRUE);
    }
  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  return path;
}

static MailTestCliRun *
export_goa (const char *bus_address,
            const char *settings_file)
{
  g_autofree char *input = g_strdup_printf ("%s\n", mail_test_env ("MAIL_LAB_PASSWORD"));

  return cli_on_bus (bus_address, input, (const char *[]) {
    "export", mail_test_env ("MAIL_LAB_USER2"), "--format", "goa", "--settings-file", settings_file,
    "--password-stdin", "--json", NULL });
}

/* GOA's own view of the account at path, over its ObjectManager. */
static GVariant *
goa_interface (const char *path,
               const char *interface)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GVariant) interfaces = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts",
                                       "/org/gnome/OnlineAccounts",
                                       "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                       NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
  objects = g_variant_get_child_value (reply, 0);
  interfaces = g_variant_lookup_value (objects, path, G_VARIANT_TYPE ("a{sa{sv}}"));
  if (interfaces == NULL)
    return NULL;
  return g_variant_lookup_value (interfaces, interface, G_VARIANT_TYPE_VARDICT);
}

static void
remove_goa_account (const char *path)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts", path,
                                       "org.gnome.OnlineAccounts.Account", "Remove", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, NULL);
}

static void
test_add_and_read_back (void)
{
  g_autofree char *settings_file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *item = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) again = NULL;
  g_autoptr(MailTestCliRun) check = NULL;
  g_autoptr(GVariant) account = NULL;
  g_autoptr(GVariant) mail = NULL;
  g_autoptr(MailOtherAppsDirs) dirs = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(MailSecretSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *imap_host = NULL;
  MailOtherAppAccount *bob;
  const char *password;
  const char *text;
  gboolean flag;

  if (!lab_and_goa_available ())
    return;

  settings_file = write_settings (MAIL_AUTH_PASSWORD, TRUE);
  run = export_goa (NULL, settings_file);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (run->json);
  path = g_strdup (json_object_get_string_member (json_node_get_object (run->json),
                                                  "goa_account"));
  g_assert_true (g_str_has_prefix (path, "/org/gnome/OnlineAccounts/Accounts/account_"));

  /* 1. GOA's ObjectManager: an IMAP and SMTP account with the verified settings. */
  account = goa_interface (path, "org.gnome.OnlineAccounts.Account");
  g_assert_nonnull (account);
  g_assert_true (g_variant_lookup (account, "ProviderType", "&s", &text));
  g_assert_cmpstr (text, ==, "imap_smtp");
  g_assert_true (g_variant_lookup (account, "PresentationIdentity", "&s", &text));
  g_assert_cmpstr (text, ==, mail_test_env ("MAIL_LAB_USER2"));
  mail = goa_interface (path, "org.gnome.OnlineAccounts.Mail");
  g_assert_nonnull (mail);
  imap_host = g_strdup_printf ("localhost:%s", mail_test_env ("MAIL_LAB_IMAPS_PORT"));
  g_assert_true (g_variant_lookup (mail, "ImapHost", "&s", &text));
  g_assert_cmpstr (text, ==, imap_host);
  g_assert_true (g_variant_lookup (mail, "ImapUseSsl", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (mail, "SmtpUseTls", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (mail, "EmailAddress", "&s", &text));
  g_assert_cmpstr (text, ==, mail_test_env ("MAIL_LAB_USER2"));

  /* 2. Mail Setup's reader of accounts.conf, as goa-daemon wrote it. */
  dirs = mail_other_apps_dirs_new (g_get_home_dir (), mail_test_env ("XDG_CONFIG_HOME"),
                                   mail_test_env ("XDG_DATA_HOME"));
  accounts = mail_other_apps_read (dirs, "goa");
  bob = mail_other_apps_find (accounts, "goa", mail_test_env ("MAIL_LAB_USER2"));
  g_assert_nonnull (bob);
  g_assert_cmpstr (bob->imap->host, ==, "localhost");
  g_assert_cmpuint (bob->imap->port, ==, atoi (mail_test_env ("MAIL_LAB_IMAPS_PORT")));
  g_assert_cmpint (bob->imap->security, ==, MAIL_SECURITY_TLS);
  g_assert_cmpuint (bob->smtp->port, ==, atoi (mail_test_env ("MAIL_LAB_SUBMISSION_PORT")));
  g_assert_cmpint (bob->smtp->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_true (g_str_has_suffix (path, bob->goa_id));

  /* 3. The password is in GOA's keyring item, and works: test --from goa with that item. */
  schema = secret_schema_new ("org.gnome.OnlineAccounts", SECRET_SCHEMA_DONT_MATCH_NAME,
                              "goa-identity", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  item = secret_password_lookup_sync (schema, NULL, &error, "goa-identity",
                                      bob->keyring_value, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (item, mail_test_env ("MAIL_LAB_PASSWORD")));
  check = cli_on_bus (NULL, NULL, (const char *[]) {
    "test", mail_test_env ("MAIL_LAB_USER2"), "--from", "goa", "--use-app-credential",
    "--provider-file", mail_test_env ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", mail_test_env ("MAIL_LAB_CA_FILE"),
    "--json", NULL });
  g_assert_cmpint (check->status, ==, 0);

  /* Twice is refused: GOA would hold two accounts for one address. */
  again = export_goa (NULL, settings_file);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already"));

  /* No password in any file: not in accounts.conf, not in the settings, nowhere in the
   * lab's home (the keyring's own files are encrypted). */
  password = mail_test_env ("MAIL_LAB_PASSWORD");
  mail_test_assert_no_secret_in_tree (mail_test_env ("XDG_CONFIG_HOME"), password);
  mail_test_assert_no_secret_in_tree (mail_test_env ("XDG_DATA_HOME"), password);
  mail_test_assert_no_secret_in_tree (mail_test_env ("XDG_CACHE_HOME"), password);
  mail_test_assert_no_secret_in_tree (work_dir, password);

  remove_goa_account (path);
}

static void
test_refused (void)
{
  g_autofree char *oauth = NULL;
  g_autofree char *unverified = NULL;
  g_autoptr(MailTestCliRun) oauth_run = NULL;
  g_autoptr(MailTestCliRun) unverified_run = NULL;

  if (!lab_and_goa_available ())
    return;

  oauth = write_settings (MAIL_AUTH_OAUTH2, TRUE);
  oauth_run = export_goa (NULL, oauth);
  g_assert_cmpint (oauth_run->status, ==, 1);
  g_assert_nonnull (strstr (oauth_run->err, "password"));

  unverified = write_settings (MAIL_AUTH_PASSWORD, FALSE);
  unverified_run = export_goa (NULL, unverified);
  g_assert_cmpint (unverified_run->status, ==, 1);
  g_assert_nonnull (strstr (unverified_run->err, "test"));
}

/* A session bus where GOA cannot be started: said plainly. A dbus-daemon of our own whose
 * configuration has no service directories (GTestDBus would tear down the shared connection
 * libsecret holds). */
static void
test_goa_not_running (void)
{
  g_autofree char *settings_file = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if (!lab_and_goa_available ())
    return;

  settings_file = write_settings (MAIL_AUTH_PASSWORD, TRUE);
  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus "
                            "Configuration 1.0//EN\" \"http://www.freedesktop.org/standards/"
                            "dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type>"
                            "<listen>unix:dir=%s</listen><auth>EXTERNAL</auth>"
                            "<policy context=\"default\">"
                            "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                            "<allow eavesdrop=\"true\"/>"
                            "<allow own=\"*\"/></policy></busconfig>\n", work_dir);
  config_path = g_build_filename (work_dir, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon",
                             "--config-file", config_path, "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (daemon));
  address = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  run = export_goa (address, settings_file);
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "GNOME Online Accounts is not running"));
  g_assert_nonnull (run->json);
  root = json_node_get_object (run->json);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
}

/* --- the access token GOA hands out for its OAuth2 accounts -------------------------------- */

/* An OAuth2 account created the way GOA stores one after its own sign-in: Manager.AddAccount
 * with the provider's type and the credentials GOA keeps in its keyring item (goaoauth2provider.c:
 * access_token, access_token_expires_at in µs since the epoch, refresh_token). With more than
 * ten minutes left GetAccessToken answers from the keyring, without the network. */
static char *
add_goa_oauth2_account (const char *provider,
                        const char *email,
                        const char *access_token)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder credentials;
  GVariantBuilder details;
  char *path = NULL;

  g_variant_builder_init (&credentials, G_VARIANT_TYPE_VARDICT);
  if (access_token != NULL)
    {
      g_variant_builder_add (&credentials, "{sv}", "access_token",
                             g_variant_new_string (access_token));
      g_variant_builder_add (&credentials, "{sv}", "access_token_expires_at",
                             g_variant_new_int64 (g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC));
    }
  /* Never sent anywhere while the access token is fresh; not a lab token either. */
  g_variant_builder_add (&credentials, "{sv}", "refresh_token",
                         g_variant_new_string ("not-used-while-the-access-token-is-fresh"));
  g_variant_builder_init (&details, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&details, "{ss}", "MailEnabled", "true");
  reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts",
                                       "/org/gnome/OnlineAccounts/Manager",
                                       "org.gnome.OnlineAccounts.Manager", "AddAccount",
                                       g_variant_new ("(sssa{sv}a{ss})", provider, email, email,
                                                      &credentials, &details),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, 30000,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  return path;
}

static MailTestCliRun *
test_from_goa (const char *email,
               const char *consent)
{
  g_autofree char *imap = g_strdup_printf ("localhost:%s", mail_test_env ("MAIL_LAB_IMAPS_PORT"));
  g_autofree char *smtp = g_strdup_printf ("localhost:%s",
                                           mail_test_env ("MAIL_LAB_SUBMISSION_PORT"));

  /* GOA's Google and Microsoft servers are fixed (imap.gmail.com, …): the check is pointed at
   * the lab's Dovecot, the account, its user name and its OAuth2 token stay GOA's. */
  return cli_on_bus (NULL, NULL, (const char *[]) {
    "test", email, "--from", "goa", "--imap", imap, "--imap-security", "tls",
    "--smtp", smtp, "--smtp-security", "starttls", "--ca-file", mail_test_env ("MAIL_LAB_CA_FILE"),
    "--json", consent, NULL });
}

static void
assert_xoauth2_worked (MailTestCliRun *run)
{
  JsonObject *root;
  JsonArray *checks;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (run->json);
  root = json_node_get_object (run->json);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "from"),
                                                  "app"), ==, "goa");
  checks = json_object_get_array_member (root, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      g_assert_true (json_object_get_boolean_member (check, "ok"));
      g_assert_cmpstr (json_object_get_string_member (check, "mechanism"), ==, "XOAUTH2");
    }
}

static void
test_oauth2_token_from_goa (void)
{
  /* goa 3.46's OAuth2 providers with mail: Google, and Microsoft as Windows Live. */
  const struct { const char *provider; const char *email; } cases[] = {
    { "google", "MAIL_LAB_USER2" },
    { "windows_live", "MAIL_LAB_USER" },
  };

  if (!lab_and_goa_available ())
    return;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *email = mail_test_env (cases[c].email);
      g_autofree char *token = mail_test_lab_mint_token (email, "goa");
      g_autofree char *path = NULL;
      g_autofree char *handed = NULL;
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MailTestCliRun) refused = NULL;
      g_autoptr(MailTestCliRun) run = NULL;

      g_test_message ("provider %s", cases[c].provider);
      g_assert_nonnull (token);
      path = add_goa_oauth2_account (cases[c].provider, email, token);

      /* goa-daemon itself hands this token out, from its keyring item. */
      reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts", path,
                                           "org.gnome.OnlineAccounts.OAuth2Based",
                                           "GetAccessToken", NULL, G_VARIANT_TYPE ("(si)"),
                                           G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(si)", &handed, NULL);
      g_assert_true (g_strcmp0 (handed, token) == 0);

      /* Without the person's agreement GOA is not asked and nothing is signed in. */
      refused = test_from_goa (email, NULL);
      g_assert_cmpint (refused->status, ==, 2);
      g_assert_nonnull (strstr (refused->err, "--use-app-credential"));
      g_assert_null (strstr (refused->out, token));
      g_assert_null (strstr (refused->err, token));

      /* With it: GOA's token, XOAUTH2 at Dovecot (which asks the idp), IMAP and SMTP. */
      run = test_from_goa (email, "--use-app-credential");
      assert_xoauth2_worked (run);
      g_assert_null (strstr (run->out, token));
      g_assert_null (strstr (run->err, token));

      /* The token is in no file: not accounts.conf, nowhere in the lab (its home, where the
       * keyring's own files are encrypted, and the logs of Dovecot, the idp and the bus that
       * goa-daemon writes to), not in the test's files. */
      mail_test_assert_no_secret_in_tree (mail_test_env ("MAIL_LAB_DIR"), token);
      mail_test_assert_no_secret_in_tree (mail_test_env ("XDG_CONFIG_HOME"), token);
      mail_test_assert_no_secret_in_tree (mail_test_env ("XDG_DATA_HOME"), token);
      mail_test_assert_no_secret_in_tree (work_dir, token);

      remove_goa_account (path);
    }
}

/* GOA holds no access token for the account: said plainly, with what to do instead. */
static void
test_oauth2_no_token_in_goa (void)
{
  g_autofree char *path = NULL;
  g_autoptr(MailTestCliRun) run = NULL;

  if (!lab_and_goa_available ())
    return;

  path = add_goa_oauth2_account ("google", mail_test_env ("MAIL_LAB_USER2"), NULL);
  run = test_from_goa (mail_test_env ("MAIL_LAB_USER2"), "--use-app-credential");
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "GNOME Online Accounts"));
  g_assert_nonnull (strstr (run->err, "--token-stdin"));
  g_assert_null (strstr (run->err, "GDBus.Error"));
  remove_goa_account (path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  work_dir = mail_test_make_tmp_dir ("goa-export-XXXXXX");

  g_test_add_func ("/goa-export/add-and-read-back", test_add_and_read_back);
  g_test_add_func ("/goa-export/refused", test_refused);
  g_test_add_func ("/goa-export/not-running", test_goa_not_running);
  g_test_add_func ("/goa-export/oauth2-token-from-goa", test_oauth2_token_from_goa);
  g_test_add_func ("/goa-export/oauth2-no-token-in-goa", test_oauth2_no_token_in_goa);

  status = g_test_run ();
  mail_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
