/* test-discovery.c: the runner: failures, the deadline, cancelling, and `mail-setup-cli discover`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "discovery-test-fixture.h"

static void
test_nothing_found (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = discover (f, "nobody@nothing.example", &error);

  g_assert_null (s);
  g_assert_true (mail_diagnosis_error_matches (error, MAIL_DISCOVERY_ERROR,
                                               MAIL_DISCOVERY_ERROR_NOT_FOUND));
  /* The core's diagnosis: the UI and the CLI show it as it is. */
  g_assert_cmpstr (mail_diagnosis_from_error (error)->code, ==, "settings-not-found");
  g_assert_cmpstr (mail_diagnosis_from_error (error)->stage, ==, "resolve");
  g_assert_nonnull (strstr (mail_diagnosis_from_error (error)->explanation,
                            "Enter the settings yourself"));
  g_assert_nonnull (strstr (mail_diagnosis_from_error (error)->explanation, "nothing.example"));
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
}

static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  const char *bad[] = { "no-at-sign", "a@b/../x", "a@exa mple.org" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailAccountSettings) s = discover (f, bad[i], &error);

      g_assert_null (s);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    }
  g_assert_cmpuint (discovery_test_server_get_hits (f->server), ==, 0);
}

static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *own = make_config ("slow.example", "imap.slow.example", "smtp.slow.example");
  g_autofree char *isp = make_config ("slow.example", "imap.isp.example", "smtp.isp.example");

  /* The domain's own document would win, but it comes after the deadline. */
  serve (f, "/autoconfig.slow.example/mail/config-v1.1.xml", own, 4000);
  serve (f, "/ispdb/slow.example", isp, 0);
  mail_discovery_set_deadline (f->discovery, 600);

  s = discover (f, "lee@slow.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.isp.example");
  g_assert_true (notes_contain (s, "did not answer"));
  g_assert_cmpfloat (f->elapsed_ms, >=, 550);
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
  g_clear_pointer (&s, mail_account_settings_free);

  /* Nothing else: "nothing found" at the deadline, not after the slow server. */
  serve (f, "/autoconfig.slower.example/mail/config-v1.1.xml", own, 4000);
  s = discover (f, "lee@slower.example", &error);
  g_assert_null (s);
  g_assert_true (mail_diagnosis_error_matches (error, MAIL_DISCOVERY_ERROR,
                                               MAIL_DISCOVERY_ERROR_NOT_FOUND));
  g_assert_cmpstr (mail_diagnosis_from_error (error)->code, ==, "settings-not-found");
  g_assert_nonnull (strstr (mail_diagnosis_from_error (error)->explanation, "were found within"));
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *own = make_config ("cancel.example", "imap.cancel.example", "smtp.x.example");
  Result r = { 0 };

  serve (f, "/autoconfig.cancel.example/mail/config-v1.1.xml", own, 3000);
  g_timeout_add_once (100, cancel_cb, cancellable);
  mail_discovery_run_async (f->discovery, "zed@cancel.example", cancellable, run_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.settings);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static int
run_cli (const char  *dns_file,
         const char  *const *args,
         char       **out,
         char       **err)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, "discover");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "MAIL_SETUP_TEST_DNS_FILE", dns_file, TRUE);
  /* Nothing may leave the machine: the HTTP lookups go to a closed loopback port. */
  envp = g_environ_setenv (envp, "MAIL_SETUP_AUTOCONFIG_BASE", "http://127.0.0.1:9", TRUE);
  envp = g_environ_setenv (envp, "MAIL_SETUP_ISPDB_BASE", "http://127.0.0.1:9/", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", *out, *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  g_autofree char *dir = NULL;
  g_autofree char *dns = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *imap;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("MAIL_SETUP_CLI is not set (run through meson test)");
      return;
    }
  if (!MAIL_SETUP_TEST_HOOKS)
    {
      g_test_skip ("needs a build with -Dtest_hooks=true (MAIL_SETUP_TEST_DNS_FILE)");
      return;
    }

  dir = g_dir_make_tmp ("test-discovery-cli-XXXXXX", NULL);
  dns = g_build_filename (dir, "dns.ini", NULL);
  g_file_set_contents (dns,
                       "[contoso.example]\n"
                       "MX=0 contoso-example.mail.protection.outlook.com\n", -1, NULL);

  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@contoso.example", NULL },
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Microsoft 365"));
  g_assert_nonnull (strstr (out, "OAuth2"));
  g_assert_nonnull (strstr (out, "outlook.office365.com:993"));
  g_assert_nonnull (strstr (out, "found through the domain’s MX record "
                                 "contoso-example.mail.protection.outlook.com"));
  g_assert_nonnull (strstr (out, "Set-CASMailbox -Identity someone@contoso.example "
                                 "-ImapEnabled $true"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@contoso.example", NULL },
                            &out, &err), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  imap = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "settings"), "imap");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "outlook.office365.com");
  g_assert_cmpint (json_object_get_int_member (imap, "port"), ==, 993);
  g_assert_cmpstr (json_object_get_string_member (imap, "auth"), ==, "oauth2");
  g_assert_nonnull (strstr (json_object_get_string_member (imap, "source_url"), "MX"));
  g_assert_true (json_object_get_boolean_member (imap, "trusted"));
  g_assert_nonnull (json_object_get_string_member (imap, "trust_reason"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An SRV target outside the domain: said in words and in the JSON. */
  g_assert_true (g_file_set_contents (dns,
                                      "[contoso.example]\n"
                                      "MX=0 contoso-example.mail.protection.outlook.com\n"
                                      "[_imaps._tcp.srvout.example]\n"
                                      "SRV=0 1 993 imap.elsewhere.example\n", -1, NULL));
  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@srvout.example", NULL },
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Not trusted:"));
  g_assert_nonnull (strstr (out, "outside srvout.example"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@srvout.example", NULL },
                            &out, &err), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  imap = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "settings"), "imap");
  g_assert_false (json_object_get_boolean_member (imap, "trusted"));
  g_assert_nonnull (strstr (json_object_get_string_member (imap, "trust_reason"),
                            "imap.elsewhere.example"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing found: exit 1 and the way forward. */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@nowhere.example", NULL },
                            &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Enter the settings yourself"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* With --json too, a failure carries a diagnosis (cli.md). */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@nowhere.example", NULL },
                            &out, &err), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  {
    JsonObject *object = json_node_get_object (root);
    JsonObject *diagnosis = json_object_get_object_member (object, "diagnosis");

    g_assert_false (json_object_get_boolean_member (object, "ok"));
    g_assert_nonnull (diagnosis);
    g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "resolve");
    /* The core's diagnosis, not one the CLI made up. */
    g_assert_cmpstr (json_object_get_string_member (diagnosis, "code"), ==, "settings-not-found");
    g_assert_nonnull (strstr (json_object_get_string_member (diagnosis, "explanation"),
                              "Enter the settings yourself"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad address: exit 2. */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "not-an-address", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A test DNS table that cannot be read is a usage error, not "nothing found". */
  g_assert_cmpint (run_cli ("/nonexistent/dns.ini", (const char *[]) { "a@contoso.example", NULL },
                            &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "MAIL_SETUP_TEST_DNS_FILE"));

  g_unlink (dns);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  char *config_home = discovery_test_init (&argc, &argv);

  DISCOVERY_TEST_ADD ("nothing-found", test_nothing_found);
  DISCOVERY_TEST_ADD ("bad-address", test_bad_address);
  DISCOVERY_TEST_ADD ("slow", test_slow);
  DISCOVERY_TEST_ADD ("cancel", test_cancel);
  g_test_add_func ("/discovery/cli", test_cli);

  return discovery_test_run (config_home);
}
