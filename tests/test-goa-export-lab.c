/* test-goa-export-lab.c: `export EMAIL --format goa` with a real goa-daemon on the lab's bus
 *
 * The lab's private session bus starts goa-daemon on demand (its D-Bus service file), which
 * keeps accounts.conf in the lab's XDG_CONFIG_HOME and the password in the lab's keyring. The
 * account is read back three ways: GOA's ObjectManager, Mail Setup's accounts.conf reader, and
 * `test --from goa` signing in to the lab's Dovecot with GOA's own keyring item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "mail-account-store.h"
#include "mail-account-settings.h"
#include "mail-goa-export.h"
#include "mail-other-apps.h"

typedef SecretSchema MailSecretSchema;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailSecretSchema, secret_schema_unref)

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

static char *work_dir;

static gboolean
lab_available (void)
{
  if (g_getenv ("MAIL_LAB_PROVIDER_FILE") == NULL)
    {
      g_test_skip ("the lab is not running (use tests/lab/with-lab.sh)");
      return FALSE;
    }
  if (!g_file_test ("/usr/libexec/goa-daemon", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("goa-daemon is not installed (Debian package gnome-online-accounts)");
      return FALSE;
    }
  return TRUE;
}

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return value;
}

static CliRun *
run_cli (const char         *bus_address,
         const char         *stdin_text,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  if (bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  g_ptr_array_add (argv, (char *) env ("MAIL_SETUP_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL, &run->out,
                                 &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  if (run->out != NULL && run->out[0] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, run->out, -1, NULL))
        run->json = json_node_ref (json_parser_get_root (parser));
    }
  g_assert_null (strstr (run->out, env ("MAIL_LAB_PASSWORD")));
  g_assert_null (strstr (run->err, env ("MAIL_LAB_PASSWORD")));
  return run;
}

/* bob's verified lab settings as `export --format json` writes them. */
static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result,
                                                          NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* export --settings-file trusts only a verification the keyring recorded for these servers. */
static void
record_verification (const MailAccountSettings *settings)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = mail_account_store_new (registry);
  gboolean done = FALSE;

  mail_account_store_mark_verified_async (store, settings, NULL, verified_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
write_settings (MailAuthKind auth,
                gboolean     verified)
{
  g_autoptr(MailAccountSettings) settings = mail_account_settings_new (env ("MAIL_LAB_USER2"));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, auth == MAIL_AUTH_OAUTH2 ? "oauth.json"
                                           : verified ? "bob.json" : "unverified.json", NULL);

  settings->auth = auth;
  /* The unverified settings name other servers than the verification the keyring holds. */
  settings->imap = verified ? mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                               atoi (env ("MAIL_LAB_IMAPS_PORT")),
                                               MAIL_SECURITY_TLS)
                            : mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                               atoi (env ("MAIL_LAB_IMAP_PORT")),
                                               MAIL_SECURITY_STARTTLS);
  settings->smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "localhost",
                                    atoi (env ("MAIL_LAB_SUBMISSION_PORT")),
                                    MAIL_SECURITY_STARTTLS);
  settings->imap->username = g_strdup (env ("MAIL_LAB_USER2"));
  settings->smtp->username = g_strdup (env ("MAIL_LAB_USER2"));
  settings->imap->auth = settings->smtp->auth = auth;
  if (verified)
    {
      settings->verified_at = g_date_time_new_now_utc ();
      if (auth == MAIL_AUTH_PASSWORD)
        record_verification (settings);
    }
  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  return path;
}

static CliRun *
export_goa (const char *bus_address,
            const char *settings_file)
{
  g_autofree char *input = g_strdup_printf ("%s\n", env ("MAIL_LAB_PASSWORD"));

  return run_cli (bus_address, input, (const char *[]) {
    "export", env ("MAIL_LAB_USER2"), "--format", "goa", "--settings-file", settings_file,
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
assert_no_password_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_password_in (path);
      else if (g_file_get_contents (path, &contents, NULL, NULL) &&
               strstr (contents, env ("MAIL_LAB_PASSWORD")) != NULL)
        g_error ("the password is in %s", path);
    }
}

static void
test_add_and_read_back (void)
{
  g_autofree char *settings_file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *item = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) check = NULL;
  g_autoptr(GVariant) account = NULL;
  g_autoptr(GVariant) mail = NULL;
  g_autoptr(MailOtherAppsDirs) dirs = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(MailSecretSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *imap_host = NULL;
  MailOtherAppAccount *bob;
  const char *text;
  gboolean flag;

  if (!lab_available ())
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
  g_assert_cmpstr (text, ==, env ("MAIL_LAB_USER2"));
  mail = goa_interface (path, "org.gnome.OnlineAccounts.Mail");
  g_assert_nonnull (mail);
  imap_host = g_strdup_printf ("localhost:%s", env ("MAIL_LAB_IMAPS_PORT"));
  g_assert_true (g_variant_lookup (mail, "ImapHost", "&s", &text));
  g_assert_cmpstr (text, ==, imap_host);
  g_assert_true (g_variant_lookup (mail, "ImapUseSsl", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (mail, "SmtpUseTls", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (mail, "EmailAddress", "&s", &text));
  g_assert_cmpstr (text, ==, env ("MAIL_LAB_USER2"));

  /* 2. Mail Setup's reader of accounts.conf, as goa-daemon wrote it. */
  dirs = mail_other_apps_dirs_new (g_get_home_dir (), env ("XDG_CONFIG_HOME"),
                                   env ("XDG_DATA_HOME"));
  accounts = mail_other_apps_read (dirs, "goa");
  bob = mail_other_apps_find (accounts, "goa", env ("MAIL_LAB_USER2"));
  g_assert_nonnull (bob);
  g_assert_cmpstr (bob->imap->host, ==, "localhost");
  g_assert_cmpuint (bob->imap->port, ==, atoi (env ("MAIL_LAB_IMAPS_PORT")));
  g_assert_cmpint (bob->imap->security, ==, MAIL_SECURITY_TLS);
  g_assert_cmpuint (bob->smtp->port, ==, atoi (env ("MAIL_LAB_SUBMISSION_PORT")));
  g_assert_cmpint (bob->smtp->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_true (g_str_has_suffix (path, bob->goa_id));

  /* 3. The password is in GOA's keyring item, and works: test --from goa with that item. */
  schema = secret_schema_new ("org.gnome.OnlineAccounts", SECRET_SCHEMA_DONT_MATCH_NAME,
                              "goa-identity", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  item = secret_password_lookup_sync (schema, NULL, &error, "goa-identity",
                                      bob->keyring_value, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (item, env ("MAIL_LAB_PASSWORD")));
  check = run_cli (NULL, NULL, (const char *[]) {
    "test", env ("MAIL_LAB_USER2"), "--from", "goa", "--use-app-credential",
    "--provider-file", env ("MAIL_LAB_PROVIDER_FILE"), "--ca-file", env ("MAIL_LAB_CA_FILE"),
    "--json", NULL });
  g_assert_cmpint (check->status, ==, 0);

  /* Twice is refused: GOA would hold two accounts for one address. */
  again = export_goa (NULL, settings_file);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already"));

  /* No password in any file: not in accounts.conf, not in the settings, nowhere in the
   * lab's home (the keyring's own files are encrypted). */
  assert_no_password_in (env ("XDG_CONFIG_HOME"));
  assert_no_password_in (env ("XDG_DATA_HOME"));
  assert_no_password_in (env ("XDG_CACHE_HOME"));
  assert_no_password_in (work_dir);

  remove_goa_account (path);
}

static void
test_refused (void)
{
  g_autofree char *oauth = NULL;
  g_autofree char *unverified = NULL;
  g_autoptr(CliRun) oauth_run = NULL;
  g_autoptr(CliRun) unverified_run = NULL;

  if (!lab_available ())
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
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if (!lab_available ())
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

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  work_dir = g_dir_make_tmp ("goa-export-XXXXXX", NULL);

  g_test_add_func ("/goa-export/add-and-read-back", test_add_and_read_back);
  g_test_add_func ("/goa-export/refused", test_refused);
  g_test_add_func ("/goa-export/not-running", test_goa_not_running);

  status = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (work_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (work_dir, name, NULL);

        g_remove (path);
      }
  }
  g_rmdir (work_dir);
  g_free (work_dir);
  return status;
}
