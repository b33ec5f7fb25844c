/* test-oauth-lab-device.c: device-code sign-in (RFC 8628) and Microsoft tenants, against the
 * lab identity provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "oauth-lab.h"

/* --- device-code sign-in (RFC 8628) -------------------------------------------------------- */

static gint64
idp_state_int (const char *name)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (g_getenv ("MAIL_LAB_IDP_URL"), "/control", NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), name);
}

/* The person on another device opens the address and enters the code. */
static guint
idp_device_approve (const char *user_code,
                    const char *extra)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/device/approve?user_code=%s%s",
                                          g_getenv ("MAIL_LAB_IDP_URL"), user_code,
                                          extra != NULL ? extra : "");
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (message);
}

typedef struct
{
  GSubprocess      *cli;
  GDataInputStream *err;
  GString          *err_text;
  char             *user_code;
  char             *address;
} DeviceLogin;

/* Starts `login EMAIL --device-code --json ARGS…` and reads standard error up to the code. */
static DeviceLogin *
device_login_start_full (const char *email,
                         const char *timeout,
                         const char *provider_file,
                         const char *tenant)
{
  g_autoptr(GError) error = NULL;
  DeviceLogin *login = g_new0 (DeviceLogin, 1);
  char *line;

  login->err_text = g_string_new (NULL);
  login->cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 &error, g_getenv ("MAIL_SETUP_CLI"), "login", email,
                                 "--provider-file", provider_file, "--device-code", "--json",
                                 "--timeout", timeout, tenant != NULL ? "--tenant" : NULL,
                                 tenant, NULL);
  g_assert_no_error (error);
  login->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (login->cli));

  while (login->user_code == NULL &&
         (line = g_data_input_stream_read_line_utf8 (login->err, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      g_string_append_printf (login->err_text, "%s\n", owned);
      g_strstrip (owned);
      if (g_str_has_prefix (owned, "http://"))
        login->address = g_strdup (owned);
      else if (g_str_has_prefix (owned, "Code: "))
        login->user_code = g_strdup (owned + strlen ("Code: "));
    }
  g_assert_no_error (error);
  g_assert_nonnull (login->user_code);
  return login;
}

static DeviceLogin *
device_login_start (const char *email,
                    const char *timeout)
{
  return device_login_start_full (email, timeout, g_getenv ("MAIL_LAB_PROVIDER_FILE"), NULL);
}

/* Waits for the command to end; its --json answer and exit status. */
static Run *
device_login_finish (DeviceLogin *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) out = g_object_ref (g_subprocess_get_stdout_pipe (login->cli));
  char buffer[8192];
  gsize got = 0;
  char *line;
  Run *run = g_new0 (Run, 1);

  while ((line = g_data_input_stream_read_line_utf8 (login->err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (login->err_text, "%s\n", line);
      g_free (line);
    }
  g_input_stream_read_all (out, buffer, sizeof buffer - 1, &got, NULL, NULL);
  buffer[got] = '\0';
  g_assert_true (g_subprocess_wait (login->cli, NULL, &error));
  g_assert_no_error (error);

  run->status = g_subprocess_get_exit_status (login->cli);
  run->out = g_strdup (buffer);
  run->err = g_string_free (login->err_text, FALSE);
  run_keep (run, FALSE);
  g_test_message ("login --device-code → %d\n%s", run->status, run->err);
  run_parse_json (run, TRUE);

  g_object_unref (login->err);
  g_object_unref (login->cli);
  g_free (login->user_code);
  g_free (login->address);
  g_free (login);
  return run;
}

/* Until the CLI asked the token endpoint at least n times (the answer was
 * authorization_pending, or slow_down). */
static void
wait_for_polls (gint64 n)
{
  for (guint i = 0; i < 600 && idp_state_int ("device_polls") < n; i++)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_cmpint (idp_state_int ("device_polls"), >=, n);
}

/* authorization_pending while the person has not entered the code, then the tokens: saved
 * like the browser sign-in, and Dovecot accepts the token. */
void
test_device_code (void)
{
  DeviceLogin *login;
  g_autoptr(Run) run = NULL;
  g_autoptr(Item) item = NULL;
  const char *access_token;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (BOB);

  login = device_login_start (BOB, "120");
  g_assert_nonnull (login->address);
  g_assert_true (g_str_has_suffix (login->address, "/device"));
  /* The code is shown as issued: 4 letters, a dash, 4 letters. */
  g_assert_cmpuint (strlen (login->user_code), ==, 9);
  g_assert_cmpint (login->user_code[4], ==, '-');

  wait_for_polls (2);   /* it waits, and keeps asking: authorization_pending */
  g_assert_cmpuint (idp_device_approve (login->user_code, "&user=" BOB), ==, 200);
  run = device_login_finish (login);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (run->json), "ok"));
  g_assert_cmpstr (json_string (run->json, "email"), ==, BOB);
  g_assert_cmpstr (json_string (run->json, "auth"), ==, "oauth2");
  g_assert_nonnull (json_string (run->json, "expires_at"));
  /* Never sooner than the interval the server asked for. */
  g_assert_cmpint (idp_state_int ("device_too_early"), ==, 0);

  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "kind"), ==, "oauth2");
  access_token = json_string (item->secret, "access_token");
  g_assert_true (g_str_has_prefix (access_token, "lab-at-"));
  g_assert_true (g_str_has_prefix (json_string (item->secret, "refresh_token"), "lab-rt-"));
  g_assert_true (dovecot_accepts (BOB, access_token));

  /* The code is used up: approving it again does nothing. */
  forget_quietly (BOB);
}

/* slow_down: every later request waits 5 seconds longer (RFC 8628 §3.5); the sign-in still
 * completes, and Dovecot accepts the token. */
void
test_device_code_slow_down (void)
{
  DeviceLogin *login;
  g_autoptr(Run) run = NULL;
  g_autoptr(Item) item = NULL;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("device=slow_down");
  forget_quietly (BOB);

  login = device_login_start (BOB, "120");
  wait_for_polls (1);   /* the first answer was slow_down */
  g_assert_cmpuint (idp_device_approve (login->user_code, "&user=" BOB), ==, 200);
  run = device_login_finish (login);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (idp_state_int ("device_polls"), ==, 2);
  /* The second request came no sooner than the longer interval. */
  g_assert_cmpint (idp_state_int ("device_too_early"), ==, 0);
  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_true (dovecot_accepts (BOB, json_string (item->secret, "access_token")));
  forget_quietly (BOB);
}

/* access_denied, expired_token, and the code's own lifetime running out: a diagnosis, and
 * nothing saved. */
void
test_device_code_failures (void)
{
  if (!lab_available ())
    return;

  forget_quietly (BOB);

  {
    DeviceLogin *login;
    g_autoptr(Run) run = NULL;
    g_autoptr(Item) item = NULL;

    idp_reset ();
    login = device_login_start (BOB, "120");
    g_assert_cmpuint (idp_device_approve (login->user_code, "&deny=1"), ==, 200);
    run = device_login_finish (login);
    assert_diagnosis (run, "oauth-consent-declined");
    item = keyring_item (BOB);
    g_assert_null (item);
  }

  {
    DeviceLogin *login;
    g_autoptr(Run) run = NULL;
    g_autoptr(Item) item = NULL;

    idp_reset ();
    idp_control ("device=expired");
    login = device_login_start (BOB, "120");
    run = device_login_finish (login);
    assert_diagnosis (run, "oauth-device-code-expired");
    g_assert_nonnull (strstr (run->out, "expired_token"));
    item = keyring_item (BOB);
    g_assert_null (item);
  }

  {
    /* The code lives 3 seconds and nobody enters it: the CLI stops by itself. */
    DeviceLogin *login;
    g_autoptr(Run) run = NULL;

    idp_reset ();
    idp_control ("device_lifetime=3");
    login = device_login_start (BOB, "120");
    run = device_login_finish (login);
    assert_diagnosis (run, "oauth-device-code-expired");
  }

  {
    /* --timeout ends the wait before the code expires. */
    DeviceLogin *login;
    g_autoptr(Run) run = NULL;

    idp_reset ();
    login = device_login_start (BOB, "3");
    run = device_login_finish (login);
    assert_diagnosis (run, "oauth-device-code-expired");
  }

  {
    /* A provider without DeviceAuthorizationUrl: a usage error, nothing started. */
    g_autoptr(Run) run = run_cli (NULL, "login", "someone@gmail.com", "--device-code", "--json");

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->out, "--device-code"));
  }
  idp_reset ();
}

/* --- Microsoft tenants ------------------------------------------------------------------- */

/* The lab provider with Microsoft's address shape: …/common/oauth2/v2.0/… */
static char *
write_tenant_provider (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "lab-ms.provider", NULL);
  const char *idp = g_getenv ("MAIL_LAB_IDP_URL");
  g_autofree char *text = g_strdup_printf (
    /* Id=lab: replaces a lab provider file other tests may leave in the person's provider
     * directory, so example.test is this one's. */
    "[Provider]\nId=lab\nName=Lab Microsoft\nDomains=example.test\n\n"
    "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[SMTP]\nHost=%s\nPort=%s\nSecurity=starttls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[OAuth2]\nAuthorizeUrl=%s/common/oauth2/v2.0/authorize\n"
    "TokenUrl=%s/common/oauth2/v2.0/token\n"
    "DeviceAuthorizationUrl=%s/common/oauth2/v2.0/devicecode\n"
    "ClientId=lab-client\nScopes=imap smtp offline_access\nMechanisms=XOAUTH2\n",
    g_getenv ("MAIL_LAB_HOST"), g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_HOST"),
    g_getenv ("MAIL_LAB_SUBMISSION_PORT"), idp, idp, idp);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* An app registered in one tenant: "common" is refused (AADSTS50194) with the advice to give
 * the tenant; with --tenant the sign-in goes through the organisation's addresses, which are
 * stored with the account and used for the refresh (common would be refused). */
void
test_tenant (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *provider_file = NULL;
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) accounts = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) browser = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Item) item = NULL;
  g_autoptr(Item) after = NULL;
  g_autofree char *new_access = NULL;
  DeviceLogin *login;

  if (!lab_available ())
    return;

  dir = g_dir_make_tmp ("mail-setup-tenant-XXXXXX", NULL);
  provider_file = write_tenant_provider (dir);
  idp_reset ();
  idp_control ("single_tenant=contoso.test");
  idp_control ("lifetime=3");
  forget_quietly (BOB);

  refused = run_cli (NULL, "login", BOB, "--provider-file", provider_file, "--device-code",
                     "--json", "--timeout", "60");
  assert_diagnosis (refused, "oauth-tenant-required");
  g_assert_nonnull (strstr (refused->out, "--tenant"));
  item = keyring_item (BOB);
  g_assert_null (item);

  login = device_login_start_full (BOB, "120", provider_file, "Contoso.test");
  g_assert_cmpuint (idp_device_approve (login->user_code, "&user=" BOB), ==, 200);
  run = device_login_finish (login);
  g_assert_cmpint (run->status, ==, 0);

  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (json_string (item->secret, "oauth.token_url"),
                            "/contoso.test/oauth2/v2.0/token"));
  g_assert_true (dovecot_accepts (BOB, json_string (item->secret, "access_token")));

  accounts = run_cli (NULL, "accounts", "--json");
  g_assert_cmpint (accounts->status, ==, 0);
  {
    JsonArray *list = json_object_get_array_member (json_node_get_object (accounts->json),
                                                    "accounts");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *entry = json_array_get_object_element (list, i);

        if (g_strcmp0 (json_object_get_string_member (entry, "email"), BOB) == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (entry, "tenant"), ==,
                             "contoso.test");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* The token lived 3 seconds: `token` refreshes through the tenant. */
  g_usleep (4 * G_USEC_PER_SEC);
  idp_control ("lifetime=3600");
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", BOB, NULL });
  g_assert_cmpint (token->status, ==, 0);
  new_access = g_strndup (token->out, strlen (token->out) - 1);
  remember_secret (new_access);
  g_assert_cmpstr (new_access, !=, json_string (item->secret, "access_token"));
  g_assert_true (dovecot_accepts (BOB, new_access));
  after = keyring_item (BOB);
  g_assert_nonnull (strstr (json_string (after->secret, "oauth.token_url"), "/contoso.test/"));

  /* The browser sign-in goes through the tenant too. */
  forget_quietly (BOB);
  browser = run_cli (NULL, "login", BOB, "--provider-file", provider_file, "--tenant",
                     "contoso.test", "--json");
  g_assert_cmpint (browser->status, ==, 0);
  g_clear_pointer (&item, item_free);
  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_true (dovecot_accepts (BOB, json_string (item->secret, "access_token")));

  /* Not a tenant name; a provider without tenants. */
  bad = run_cli (NULL, "login", BOB, "--provider-file", provider_file, "--tenant",
                 "../evil", "--json");
  g_assert_cmpint (bad->status, ==, 2);
  {
    g_autoptr(Run) gmail = run_cli (NULL, "login", "someone@gmail.com", "--tenant",
                                    "contoso.test", "--json");

    g_assert_cmpint (gmail->status, ==, 2);
  }

  forget_quietly (BOB);
  idp_reset ();
  {
    g_autofree char *path = g_build_filename (dir, "lab-ms.provider", NULL);

    g_unlink (path);
    g_rmdir (dir);
  }
}
