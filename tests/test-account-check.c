/* test-account-check.c: MailAccountCheck, the one check journey, against the lab's real
 * Dovecot (IMAP and submission), SMTP sink and gnome-keyring
 *
 * Run inside tests/lab/with-lab.sh (suite "lab"); skipped without MAIL_LAB_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-account-check.h"
#include "mail-account-store.h"
#include "mail-diagnosis-error.h"
#include "mail-test-lib.h"

#define CAROL "carol.check@example.test"

/* email's settings: IMAP on imap_host (implicit TLS), SMTP on smtp_host (submission,
 * STARTTLS), signing in with the address. */
static MailAccountSettings *
lab_settings (const char *email,
              const char *imap_host,
              guint16     imap_port,
              const char *smtp_host)
{
  MailAccountSettings *settings = mail_account_settings_new (email);

  settings->auth = MAIL_AUTH_PASSWORD;
  settings->imap = mail_server_new (MAIL_PROTOCOL_IMAP, imap_host, imap_port, MAIL_SECURITY_TLS);
  settings->smtp = mail_server_new (MAIL_PROTOCOL_SMTP, smtp_host,
                                    mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                                    MAIL_SECURITY_STARTTLS);
  mail_server_set_trust (settings->imap, TRUE, "test");
  mail_server_set_trust (settings->smtp, TRUE, "test");
  return settings;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GString  *events;   /* "imap:connect+ smtp:connect- ..." */
} Wait;

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = mail_account_check_run_finish (MAIL_ACCOUNT_CHECK (object), result, &wait->error);
  wait->done = TRUE;
}

static void
step_started_cb (MailAccountCheck *check,
                 const char       *protocol,
                 const char       *name,
                 gpointer          user_data)
{
  Wait *wait = user_data;

  g_string_append_printf (wait->events, "%s:%s+ ", protocol, name);
}

static void
step_finished_cb (MailAccountCheck *check,
                  const char       *protocol,
                  MailCheckStep    *step,
                  gpointer          user_data)
{
  Wait *wait = user_data;

  g_string_append_printf (wait->events, "%s:%s%s ", protocol, step->name, step->ok ? "-" : "!");
}

/* Runs check to its end; TRUE when run_finish said so, else *error. Events in *events. */
static gboolean
run_check (MailAccountCheck  *check,
           char             **events,
           GError           **error)
{
  Wait wait = { .events = g_string_new (NULL) };

  g_signal_connect (check, "step-started", G_CALLBACK (step_started_cb), &wait);
  g_signal_connect (check, "step-finished", G_CALLBACK (step_finished_cb), &wait);
  mail_account_check_run_async (check, NULL, check_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (check, &wait);
  g_test_message ("events: %s", wait.events->str);
  if (events != NULL)
    *events = g_strdup (wait.events->str);
  g_string_free (wait.events, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
assert_ok (MailAccountCheck *check,
           const char       *protocol)
{
  const MailCheckResult *result = mail_account_check_get_result (check, protocol);

  g_assert_nonnull (result);
  if (result->diagnosis != NULL)
    g_test_message ("%s: %s", protocol, result->diagnosis->code);
  g_assert_true (result->ok);
  g_assert_null (result->diagnosis);
}

static void
assert_failed (MailAccountCheck *check,
               const char       *protocol,
               const char       *code,
               const char       *stage)
{
  const MailCheckResult *result = mail_account_check_get_result (check, protocol);

  g_assert_nonnull (result);
  g_assert_false (result->ok);
  g_assert_nonnull (result->diagnosis);
  g_assert_cmpstr (result->diagnosis->code, ==, code);
  g_assert_cmpstr (result->diagnosis->stage, ==, stage);
  g_assert_nonnull (result->diagnosis->title);
}

/* Both servers, at the same time: both steps' events of each protocol, both results ok. */
static void
test_both_ok (void)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;

  if (!mail_test_lab_available ())
    return;

  settings = lab_settings (g_getenv ("MAIL_LAB_USER"), "localhost",
                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"), "localhost");
  database = mail_test_lab_database ();
  check = mail_account_check_new (settings);
  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  mail_account_check_set_tls_database (check, database);

  g_assert_true (run_check (check, &events, &error));
  g_assert_no_error (error);
  assert_ok (check, "imap");
  assert_ok (check, "smtp");
  g_assert_true (mail_account_check_get_ok (check));
  g_assert_cmpint (mail_account_check_get_result (check, "imap")->protocol, ==,
                   MAIL_PROTOCOL_IMAP);
  g_assert_cmpint (mail_account_check_get_result (check, "smtp")->protocol, ==,
                   MAIL_PROTOCOL_SMTP);
  g_assert_nonnull (strstr (events, "imap:connect+ "));
  g_assert_nonnull (strstr (events, "imap:connect- "));
  g_assert_nonnull (strstr (events, "smtp:connect+ "));
  g_assert_nonnull (strstr (events, "smtp:connect- "));
  /* No secret in what the steps report. */
  g_assert_null (strstr (events, g_getenv ("MAIL_LAB_PASSWORD")));

  /* Only what was asked for is checked. */
  mail_account_check_set_protocols (check, FALSE, TRUE);
  g_assert_true (run_check (check, NULL, &error));
  g_assert_null (mail_account_check_get_result (check, "imap"));
  assert_ok (check, "smtp");
}

/* IMAP fails, SMTP works: each result on its own, the failure with the core's diagnosis. */
static void
test_imap_fails_smtp_ok (void)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (!mail_test_lab_available ())
    return;

  settings = lab_settings (g_getenv ("MAIL_LAB_USER"), "127.0.0.1",
                           mail_test_lab_port ("MAIL_LAB_CLOSED_PORT"), "localhost");
  database = mail_test_lab_database ();
  check = mail_account_check_new (settings);
  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  mail_account_check_set_tls_database (check, database);

  /* The checks ran: not a failure of the call. */
  g_assert_true (run_check (check, NULL, &error));
  g_assert_no_error (error);
  assert_failed (check, "imap", "connect-refused", "connect");
  assert_ok (check, "smtp");
  g_assert_false (mail_account_check_get_ok (check));

  /* A wrong password: both refused, each with its own words. */
  g_clear_object (&check);
  g_clear_pointer (&settings, mail_account_settings_free);
  settings = lab_settings (g_getenv ("MAIL_LAB_USER"), "localhost",
                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"), "localhost");
  check = mail_account_check_new (settings);
  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, "not-the-password");
  mail_account_check_set_tls_database (check, database);
  g_assert_true (run_check (check, NULL, &error));
  assert_failed (check, "imap", "auth-invalid-credentials", "authenticate");
  assert_failed (check, "smtp", "auth-invalid-credentials", "authenticate");
}

/* A fingerprint the person trusted for one host makes that host's certificate pass, and only
 * that host's: the same certificate on another name stays untrusted. */
static void
test_pinned_fingerprint_per_host (void)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  const MailCheckResult *imap;

  if (!mail_test_lab_available ())
    return;

  /* No lab CA: the certificate is untrusted everywhere. */
  settings = lab_settings (g_getenv ("MAIL_LAB_USER"), "localhost",
                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"), "127.0.0.1");
  check = mail_account_check_new (settings);
  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  g_assert_true (run_check (check, NULL, &error));
  assert_failed (check, "imap", "tls-untrusted", "tls");
  g_assert_false (mail_account_check_get_result (check, "smtp")->ok);
  imap = mail_account_check_get_result (check, "imap");
  g_assert_nonnull (imap->certificate);
  sha256 = g_strdup (imap->certificate->sha256);

  /* Trusted for localhost: IMAP (localhost) passes, SMTP (127.0.0.1) still does not. */
  mail_account_check_set_trusted_fingerprint (check, "LocalHost", sha256);
  g_assert_true (run_check (check, NULL, &error));
  assert_ok (check, "imap");
  g_assert_false (mail_account_check_get_result (check, "smtp")->ok);
  g_assert_cmpstr (mail_account_check_get_result (check, "smtp")->diagnosis->stage, ==,
                   "starttls");

  /* Trusted for both. */
  mail_account_check_set_trusted_fingerprint (check, "127.0.0.1", sha256);
  g_assert_true (run_check (check, NULL, &error));
  assert_ok (check, "imap");
  assert_ok (check, "smtp");

  /* Removed again. */
  mail_account_check_set_trusted_fingerprint (check, "localhost", NULL);
  g_assert_true (run_check (check, NULL, &error));
  assert_failed (check, "imap", "tls-untrusted", "tls");
  assert_ok (check, "smtp");
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* A stored account checked with its own credential: both pass, the keyring says when. */
static void
test_stored_account_verified (void)
{
  g_autoptr(MailAccountStore) store = mail_account_store_new (NULL);
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(MailStoredAccount) loaded = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GAsyncResult) forgotten = NULL;
  g_autoptr(GError) error = NULL;

  if (!mail_test_lab_available ())
    return;

  settings = lab_settings (g_getenv ("MAIL_LAB_USER"), "localhost",
                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"), "localhost");
  account = mail_stored_account_new (settings);
  account->password = g_strdup (g_getenv ("MAIL_LAB_PASSWORD"));
  mail_account_store_save_async (store, account, NULL, store_done_cb, &saved);
  g_assert_true (mail_account_store_save_finish (store, wait_for (&saved), &error));
  g_assert_no_error (error);

  database = mail_test_lab_database ();
  check = mail_account_check_new (settings);
  mail_account_check_use_stored_credential (check, store);
  mail_account_check_set_tls_database (check, database);
  g_assert_true (run_check (check, NULL, &error));
  g_assert_no_error (error);
  assert_ok (check, "imap");
  assert_ok (check, "smtp");
  g_assert_cmpint (mail_account_check_get_auth_kind (check), ==, MAIL_AUTH_PASSWORD);
  g_assert_null (mail_account_check_get_record_error (check));

  mail_account_store_load_async (store, settings->email, NULL, store_done_cb, &read);
  loaded = mail_account_store_load_finish (store, wait_for (&read), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded->settings->verified_at);
  g_assert_cmpstr (loaded->password, ==, g_getenv ("MAIL_LAB_PASSWORD"));

  mail_account_store_forget_async (store, settings->email, NULL, store_done_cb, &forgotten);
  g_assert_true (mail_account_store_forget_finish (store, wait_for (&forgotten), &error));
}

/* No stored account: no check runs, and the failure carries the core's diagnosis. */
static void
test_stored_account_missing (void)
{
  g_autoptr(MailAccountStore) store = mail_account_store_new (NULL);
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  if (!mail_test_lab_available ())
    return;

  settings = lab_settings (CAROL, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                           "localhost");
  check = mail_account_check_new (settings);
  mail_account_check_use_stored_credential (check, store);
  g_assert_false (run_check (check, NULL, &error));
  g_assert_error (error, MAIL_DIAGNOSIS_ERROR, MAIL_DIAGNOSIS_ERROR_FAILED);
  g_assert_nonnull (mail_diagnosis_from_error (error));
  g_assert_cmpstr (mail_diagnosis_from_error (error)->stage, ==, "keyring");
  g_assert_true (mail_diagnosis_error_matches (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT));
  g_assert_null (mail_account_check_get_result (check, "imap"));
  g_assert_null (mail_account_check_get_result (check, "smtp"));
}

/* In a private session bus (dbus-run-session) whose keyring holds an account and is then
 * locked with nobody to type the password: keyring-locked, and no check runs. */
static void
test_keyring_locked_child (void)
{
  g_autoptr(MailAccountStore) store = mail_account_store_new (NULL);
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/org/freedesktop/secrets/collection/login" };

  /* The keyring daemon may still be coming up. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GVariant) owned = NULL;
      gboolean has_owner = FALSE;

      owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                           NULL, NULL);
      if (owned != NULL)
        g_variant_get (owned, "(b)", &has_owner);
      if (has_owner)
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }

  settings = lab_settings (CAROL, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                           "localhost");
  account = mail_stored_account_new (settings);
  account->password = g_strdup ("carols-password-1");
  mail_account_store_save_async (store, account, NULL, store_done_cb, &saved);
  mail_account_store_save_finish (store, wait_for (&saved), &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(@ao)", g_variant_new_objv (paths, 1)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);

  check = mail_account_check_new (settings);
  mail_account_check_use_stored_credential (check, store);
  g_assert_false (run_check (check, NULL, &error));
  g_assert_error (error, MAIL_DIAGNOSIS_ERROR, MAIL_DIAGNOSIS_ERROR_FAILED);
  g_assert_cmpstr (mail_diagnosis_from_error (error)->code, ==, "keyring-locked");
  g_assert_null (mail_account_check_get_result (check, "imap"));
}

static void
test_keyring_locked (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *self = NULL;
  g_autofree char *script = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!mail_test_lab_available ())
    return;

  dir = g_dir_make_tmp ("account-check-XXXXXX", &error);
  g_assert_no_error (error);
  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  /* A bus of its own that starts no services (no prompter to wait for a password)... */
  config = g_build_filename (dir, "bus.conf", NULL);
  config_text = g_strdup_printf ("<busconfig><type>session</type><listen>unix:dir=%s</listen>"
                                 "<auth>EXTERNAL</auth><policy context=\"default\">"
                                 "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                 "<allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                                 "</policy></busconfig>\n", dir);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  /* ...with a fresh keyring unlocked with an empty password; the child test saves, locks and
   * checks there. */
  script = g_strdup_printf ("unset DISPLAY WAYLAND_DISPLAY; "
                            "export XDG_DATA_HOME='%s' XDG_RUNTIME_DIR='%s' "
                            "MAIL_ACCOUNT_CHECK_LOCKED_CHILD=1; "
                            "printf '\\n' | G_DEBUG= gnome-keyring-daemon --unlock "
                            "--components=secrets --daemonize >/dev/null 2>&1; "
                            "'%s' --tap -p /account-check/keyring-locked-child",
                            dir, dir, self);
  {
    const char *argv[] = { "timeout", "120", "dbus-run-session", "--config-file", config, "--",
                           "sh", "-c", script, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("child: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "ok 1 /account-check/keyring-locked-child"));
  g_assert_null (strstr (out, "# SKIP"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("MAIL_ACCOUNT_CHECK_LOCKED_CHILD") != NULL)
    {
      g_test_add_func ("/account-check/keyring-locked-child", test_keyring_locked_child);
      return g_test_run ();
    }

  g_test_add_func ("/account-check/both-ok", test_both_ok);
  g_test_add_func ("/account-check/imap-fails-smtp-ok", test_imap_fails_smtp_ok);
  g_test_add_func ("/account-check/pinned-fingerprint-per-host", test_pinned_fingerprint_per_host);
  g_test_add_func ("/account-check/stored-account-verified", test_stored_account_verified);
  g_test_add_func ("/account-check/stored-account-missing", test_stored_account_missing);
  g_test_add_func ("/account-check/keyring-locked", test_keyring_locked);
  return g_test_run ();
}
