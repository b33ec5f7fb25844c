/* test-oauth-lab.c: OAuth2 sign-in and the keyring end to end, with nothing faked: the lab's
 * identity provider, headless Chromium as the browser, gnome-keyring on a private D-Bus
 * session, Dovecot checking the tokens at the identity provider. Runs inside
 * tests/lab/with-lab.sh; every CLI output is kept and checked for secrets at the end.
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
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "mail-test-lib.h"

#define ALICE "alice@example.test"
#define BOB "bob@example.test"

/* Everything any CLI run printed, except what `token` prints on purpose. */
static GString *all_output;
/* Every token value seen (read back from the keyring or printed by `token`). */
static GPtrArray *secrets;

static const SecretSchema *
account_schema (void)
{
  static const SecretSchema schema = {
    "io.github.mailsetup.MailSetup.Account", SECRET_SCHEMA_NONE,
    {
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean
lab_available (void)
{
  return mail_test_lab_available () && mail_test_have_cli ();
}

static void
remember_secret (const char *value)
{
  if (value != NULL && strlen (value) >= 8 &&
      !g_ptr_array_find_with_equal_func (secrets, value, g_str_equal, NULL))
    g_ptr_array_add (secrets, g_strdup (value));
}

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* mail-setup-cli ARGS with the lab browser; env: extra "NAME=VALUE" (NULL-terminated) or NULL;
 * unset_env: a name to remove. */
static Run *
run_cli_full (const char         *stdin_text,
              const char * const *env,
              const char         *unset_env,
              gboolean            prints_secret,
              const char * const *args)
{
  g_autoptr(GPtrArray) full_env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Run *run = g_new0 (Run, 1);

  /* Standard input from a file (tests/lib), never a pipe. */
  g_ptr_array_add (full_env, g_strconcat ("MAIL_SETUP_BROWSER=", g_getenv ("MAIL_LAB_BROWSER"),
                                          NULL));
  g_ptr_array_add (full_env, g_strdup ("LAB_BROWSER_TIMEOUT=30"));
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (full_env, g_strdup (env[i]));
  if (unset_env != NULL)
    g_ptr_array_add (full_env, g_strdup (unset_env));
  g_ptr_array_add (full_env, NULL);
  mail_test_run_cli_env ((const char * const *) full_env->pdata, args, stdin_text, &run->out,
                         &run->err, &run->status);

  g_test_message ("mail-setup-cli %s → %d", args[0], run->status);
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
  if (!prints_secret)
    g_string_append (all_output, run->out);
  g_string_append (all_output, run->err);

  if (g_strv_contains (args, "--json") && run->out != NULL && *run->out != '\0')
    {
      g_assert_true (json_parser_load_from_data (parser, run->out, -1, NULL));
      run->json = json_node_copy (json_parser_get_root (parser));
    }

  return run;
}

#define run_cli(stdin_text, ...) \
  run_cli_full (stdin_text, NULL, NULL, FALSE, (const char *[]) { __VA_ARGS__, NULL })

static const char *
json_string (JsonNode   *node,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
assert_diagnosis (Run        *run,
                  const char *code)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (run->json);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (run->json), "ok"));
  g_assert_cmpstr (json_string (run->json, "diagnosis.code"), ==, code);
  g_assert_nonnull (json_string (run->json, "diagnosis.title"));
}

/* --- the identity provider ----------------------------------------------------------------- */

static void
idp_post (const char *path,
          const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (g_getenv ("MAIL_LAB_IDP_URL"), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

static void
idp_control (const char *form)
{
  idp_post ("/control", form);
}

static void
idp_reset (void)
{
  idp_post ("/control/reset", "");
}

/* --- the keyring, read directly ---------------------------------------------------------- */

typedef struct
{
  char       *label;
  GHashTable *attributes;
  char       *content_type;
  JsonNode   *secret;
  guint       count;
} Item;

static void
item_free (Item *item)
{
  g_free (item->label);
  g_clear_pointer (&item->attributes, g_hash_table_unref);
  g_free (item->content_type);
  g_clear_pointer (&item->secret, json_node_unref);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Item, item_free)

/* The account's item, or NULL; its secret tokens are remembered for the leak check. */
static Item *
keyring_item (const char *email)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SecretValue) value = NULL;
  GList *items;
  Item *item;

  g_hash_table_insert (attributes, (char *) "email", (char *) email);
  items = secret_service_search_sync (NULL, account_schema (), attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                      SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error (error);
  if (items == NULL)
    return NULL;

  item = g_new0 (Item, 1);
  item->count = g_list_length (items);
  item->label = secret_item_get_label (items->data);
  item->attributes = secret_item_get_attributes (items->data);
  value = secret_item_get_secret (items->data);
  g_list_free_full (items, g_object_unref);
  g_assert_nonnull (value);
  item->content_type = g_strdup (secret_value_get_content_type (value));
  g_assert_true (json_parser_load_from_data (parser, secret_value_get_text (value), -1, NULL));
  item->secret = json_node_copy (json_parser_get_root (parser));

  remember_secret (json_string (item->secret, "access_token"));
  remember_secret (json_string (item->secret, "refresh_token"));
  remember_secret (json_string (item->secret, "password"));
  return item;
}

/* --- Dovecot, spoken to directly --------------------------------------------------------- */

static void
tls_event_cb (GSocketClient      *client,
              GSocketClientEvent  event,
              GSocketConnectable *connectable,
              GIOStream          *connection,
              gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), user_data);
}

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_strchomp (line);
  return line;
}

/* TRUE when Dovecot accepts token for email (AUTHENTICATE XOAUTH2 over implicit TLS). */
static gboolean
dovecot_accepts (const char *email,
                 const char *token)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf ("user=%s\001auth=Bearer %s\001\001", email, token);
  g_autofree char *encoded = g_base64_encode ((const guchar *) raw, strlen (raw));
  g_autofree char *command = g_strdup_printf ("a1 AUTHENTICATE XOAUTH2 %s\r\n", encoded);
  GOutputStream *out;
  gboolean accepted = FALSE;

  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);
  g_socket_client_set_tls (client, TRUE);
  g_socket_client_set_timeout (client, 10);
  g_signal_connect (client, "event", G_CALLBACK (tls_event_cb), database);
  connection = g_socket_client_connect_to_host (client, g_getenv ("MAIL_LAB_HOST"),
                                                atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")),
                                                NULL, &error);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_free (read_line (in));  /* greeting */
  g_assert_true (g_output_stream_write_all (out, command, strlen (command), NULL, NULL, &error));
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *line = read_line (in);

      if (g_str_has_prefix (line, "+"))
        {
          /* The failure challenge: answer with an empty line, then the NO comes. */
          g_assert_true (g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error));
          continue;
        }
      if (g_str_has_prefix (line, "a1 "))
        {
          accepted = g_str_has_prefix (line, "a1 OK");
          break;
        }
    }

  return accepted;
}

/* --- tests ------------------------------------------------------------------------------ */

static void
forget_quietly (const char *email)
{
  g_autoptr(Run) run G_GNUC_UNUSED = run_cli (NULL, "forget", email);
}

static void
test_login_and_use (void)
{
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) accounts = NULL;
  g_autoptr(Item) item = NULL;
  g_autoptr(Item) after = NULL;
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  const char *access_token;
  JsonArray *list;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (ALICE);

  login = run_cli (NULL, "login", ALICE, "--provider-file", provider_file);
  g_assert_cmpint (login->status, ==, 0);
  g_assert_nonnull (strstr (login->out, "Saved " ALICE));

  /* One item, our schema, the label and attributes people see in Seahorse. */
  item = keyring_item (ALICE);
  g_assert_nonnull (item);
  g_assert_cmpuint (item->count, ==, 1);
  g_assert_cmpstr (item->label, ==, "Mail Setup: " ALICE " (Lab Mail)");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "email"), ==, ALICE);
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "provider"), ==, "lab");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "kind"), ==, "oauth2");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "xdg:schema"), ==,
                   "io.github.mailsetup.MailSetup.Account");
  /* gnome-keyring does not keep the content type (it answers text/plain): not checked. */
  g_assert_nonnull (item->content_type);
  access_token = json_string (item->secret, "access_token");
  g_assert_true (g_str_has_prefix (access_token, "lab-at-"));
  g_assert_true (g_str_has_prefix (json_string (item->secret, "refresh_token"), "lab-rt-"));
  g_assert_cmpstr (json_string (item->secret, "settings.email"), ==, ALICE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (item->secret), "expires_at"),
                   >, g_get_real_time () / G_USEC_PER_SEC + 3000);

  /* Dovecot (asking the identity provider) accepts the stored token, and not any token. */
  g_assert_true (dovecot_accepts (ALICE, access_token));
  g_assert_false (dovecot_accepts (ALICE, "lab-at-not-a-real-token"));

  /* `test` signs in with the stored account. */
  check = run_cli (NULL, "test", ALICE, "--provider-file", provider_file,
                   "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--json");
  if (strstr (check->err, "not available yet") != NULL)
    g_test_message ("mail-setup-cli test is not built yet: checked Dovecot directly only");
  else
    {
      g_assert_cmpint (check->status, ==, 0);
      /* A valid token is used for its whole life: no refresh happened. */
      after = keyring_item (ALICE);
      g_assert_cmpstr (json_string (after->secret, "access_token"), ==, access_token);
    }

  accounts = run_cli (NULL, "accounts", "--json");
  g_assert_cmpint (accounts->status, ==, 0);
  list = json_object_get_array_member (json_node_get_object (accounts->json), "accounts");
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  g_assert_nonnull (strstr (accounts->out, "\"" ALICE "\""));
  g_assert_nonnull (strstr (accounts->out, "\"expires_at\""));
}

static void
test_refresh (void)
{
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Item) before = NULL;
  g_autoptr(Item) after = NULL;
  g_autofree char *old_access = NULL;
  g_autofree char *old_refresh = NULL;
  g_autofree char *new_access = NULL;

  if (!lab_available ())
    return;

  /* A token that lives 3 seconds. */
  idp_reset ();
  idp_control ("lifetime=3");
  login = run_cli (NULL, "login", ALICE, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"));
  g_assert_cmpint (login->status, ==, 0);
  before = keyring_item (ALICE);
  old_access = g_strdup (json_string (before->secret, "access_token"));
  old_refresh = g_strdup (json_string (before->secret, "refresh_token"));

  g_usleep (4 * G_USEC_PER_SEC);
  g_assert_false (dovecot_accepts (ALICE, old_access));

  /* `token` renews it; the rotated refresh token replaces the old one. */
  idp_control ("lifetime=3600");
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (token->status, ==, 0);
  g_assert_cmpstr (token->err, ==, "");
  g_assert_true (g_str_has_suffix (token->out, "\n"));
  new_access = g_strndup (token->out, strlen (token->out) - 1);
  g_assert_null (strchr (new_access, '\n'));
  remember_secret (new_access);
  g_assert_cmpstr (new_access, !=, old_access);
  g_assert_true (g_str_has_prefix (new_access, "lab-at-"));

  after = keyring_item (ALICE);
  g_assert_cmpuint (after->count, ==, 1);
  g_assert_cmpstr (json_string (after->secret, "access_token"), ==, new_access);
  g_assert_cmpstr (json_string (after->secret, "refresh_token"), !=, old_refresh);
  g_assert_true (g_str_has_prefix (json_string (after->secret, "refresh_token"), "lab-rt-"));
  g_assert_true (dovecot_accepts (ALICE, new_access));

  /* While it is valid, the same token is handed out again. */
  again = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, token->out);
}

/* N `token` runs started at once; returns what each printed (all checked to be valid tokens
 * Dovecot accepts, printed with exit 0 and nothing on stderr: no "sign-in expired"). */
static GPtrArray *
run_concurrent_tokens (guint n)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                               g_getenv ("MAIL_SETUP_CLI"), "token", ALICE,
                                               "--timeout", "60", NULL);

      g_assert_no_error (error);
      g_ptr_array_add (processes, process);
    }

  for (guint i = 0; i < n; i++)
    {
      GSubprocess *process = g_ptr_array_index (processes, i);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      char *token;

      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_string_append (all_output, err);
      g_test_message ("token run %u → %d %s", i, g_subprocess_get_exit_status (process), err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_str_has_suffix (out, "\n"));
      token = g_strndup (out, strlen (out) - 1);
      remember_secret (token);
      g_assert_true (g_str_has_prefix (token, "lab-at-"));
      g_ptr_array_add (tokens, token);
    }

  for (guint i = 0; i < n; i++)
    g_assert_true (dovecot_accepts (ALICE, g_ptr_array_index (tokens, i)));
  return tokens;
}

/* Concurrent `token` runs at refresh time, against a provider whose refresh tokens work once
 * and whose reuse of one revokes the whole sign-in (Microsoft, Auth0). */
static void
test_concurrent_refresh (void)
{
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) later = NULL;
  g_autoptr(GPtrArray) serial = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autofree char *later_token = NULL;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("rotation=reuse_detection");
  /* Tokens living 30 s are always due (renewed a minute before they end): every run
   * refreshes, one after the other, each with the refresh token the one before saved. */
  idp_control ("lifetime=30");
  login = run_cli (NULL, "login", ALICE, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"));
  g_assert_cmpint (login->status, ==, 0);
  serial = run_concurrent_tokens (5);

  /* A later call still renews: no reused refresh token revoked the sign-in. */
  later = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (later->status, ==, 0);
  later_token = g_strndup (later->out, strlen (later->out) - 1);
  remember_secret (later_token);
  g_assert_true (dovecot_accepts (ALICE, later_token));

  /* With long-lived tokens, the first run renews and the others, having waited for it, use
   * the token it saved. */
  idp_control ("lifetime=3600");
  shared = run_concurrent_tokens (5);
  for (guint i = 1; i < shared->len; i++)
    g_assert_cmpstr (g_ptr_array_index (shared, i), ==, g_ptr_array_index (shared, 0));

  idp_reset ();
}

/* mail-setup-cli ARGS --json, killed after 60 s so that a run without end fails the test
 * instead of hanging it. */
static Run *
run_cli_bounded (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *browser = g_strconcat ("MAIL_SETUP_BROWSER=", g_getenv ("MAIL_LAB_BROWSER"),
                                          NULL);
  const char *env[] = { browser, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (char *) "timeout");
  g_ptr_array_add (argv, (char *) "-s");
  g_ptr_array_add (argv, (char *) "KILL");
  g_ptr_array_add (argv, (char *) "60");
  g_ptr_array_add (argv, (char *) g_getenv ("MAIL_SETUP_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, NULL);
  run->status = mail_test_run_program ((const char * const *) argv->pdata, env, NULL,
                                       MAIL_TEST_RUN_DEFAULT, NULL, &run->out, &run->err);
  g_test_message ("mail-setup-cli %s → %d: %s", args[0], run->status, run->err);
  g_string_append (all_output, run->out);
  g_string_append (all_output, run->err);
  if (run->out != NULL && *run->out != '\0' &&
      json_parser_load_from_data (parser, run->out, -1, NULL))
    run->json = json_node_copy (json_parser_get_root (parser));
  return run;
}

/* While another process holds the account's refresh lock, a run whose token is due waits for
 * it, and at --timeout says that it was waiting for another renewal, not that the sign-in
 * expired. The lock is a private file named by the address's hash. */
static void
test_refresh_lock_wait (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "mail-setup", NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ALICE, -1);
  g_autofree char *name = g_strdup_printf ("refresh-%s.lock", hash);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(Run) login = NULL;
  GStatBuf st;
  int fd;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("lifetime=0");
  login = run_cli (NULL, "login", ALICE, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"));
  g_assert_cmpint (login->status, ==, 0);

  /* A first renewal (to a token that is due at once again) creates the private directory and
   * the lock file. */
  {
    g_autoptr(Run) token = run_cli_full (NULL, NULL, NULL, TRUE,
                                         (const char *[]) { "token", ALICE, NULL });

    g_assert_cmpint (token->status, ==, 0);
    remember_secret (g_strchomp (token->out));
  }
  g_assert_cmpint (g_lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Due again, and someone else is renewing. */
  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  {
    const char *args[] = { "token", ALICE, "--timeout", "3", NULL };
    g_autoptr(Run) run = run_cli_bounded (args);

    assert_diagnosis (run, "oauth-endpoint-timeout");
    g_assert_nonnull (strstr (run->out, "Another Mail Setup command"));
    g_assert_null (strstr (run->out, "expired"));
  }
  close (fd);

  /* Once it is free, the renewal goes on. */
  idp_control ("lifetime=3600");
  {
    g_autoptr(Run) token = run_cli_full (NULL, NULL, NULL, TRUE,
                                         (const char *[]) { "token", ALICE, NULL });

    g_assert_cmpint (token->status, ==, 0);
    g_assert_true (dovecot_accepts (ALICE, g_strchomp (token->out)));
    remember_secret (token->out);
  }
  idp_reset ();
}

/* One deadline covers the token endpoint too: an endpoint dripping a byte every two seconds,
 * or never answering, ends `token`, `test` and `login` at --timeout with a timeout that names
 * the step. */
static void
test_token_endpoint_deadline (void)
{
  const char *modes[] = { "drip", "hang" };
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");

  if (!lab_available ())
    return;

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *mode = g_strconcat ("token=", modes[m], NULL);

      /* A saved sign-in whose access token is due. */
      idp_reset ();
      idp_control ("lifetime=0");
      {
        g_autoptr(Run) login = run_cli (NULL, "login", ALICE, "--provider-file", provider_file);

        g_assert_cmpint (login->status, ==, 0);
      }
      idp_control (mode);

      {
        const char *args[] = { "token", ALICE, "--timeout", "8", NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "refresh");
        g_assert_null (strstr (run->err, "expired"));
      }
      {
        const char *args[] = { "test", ALICE, "--provider-file", provider_file, "--ca-file",
                               g_getenv ("MAIL_LAB_CA_FILE"), "--timeout", "8", NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "refresh");
      }
      {
        const char *args[] = { "login", BOB, "--provider-file", provider_file, "--timeout", "8",
                               NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "token");
      }
    }

  idp_reset ();
  forget_quietly (BOB);
}

/* --timeout is a whole number of seconds from 1 to a day: 0 is refused like -1, and a huge
 * value is refused instead of overflowing to a second. */
static void
test_timeout_option (void)
{
  const char *values[] = { "0", "-1", "4294968", "99999999999", "8s" };

  if (!lab_available ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const char *args[] = { "token", ALICE, "--timeout", values[i], NULL };
      g_autoptr(Run) run = run_cli_bounded (args);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_nonnull (strstr (run->err, "--timeout"));
    }
}

static void
test_no_browser (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GSubprocess) browser = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) err_text = g_string_new (NULL);
  g_autoptr(Item) item = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  char *line;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (BOB);

  /* As over SSH: no browser is started; the person opens the printed address. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MAIL_SETUP_BROWSER");
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MAIL_SETUP_CLI"), "login", BOB,
                                     "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
                                     "--no-browser", "--timeout", "60", NULL);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli));

  while (url == NULL &&
         (line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      g_string_append_printf (err_text, "%s\n", owned);
      g_strstrip (owned);
      if (g_str_has_prefix (owned, "http://"))
        url = g_strdup (owned);
    }
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_nonnull (strstr (url, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));

  browser = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("MAIL_LAB_BROWSER"), url, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (browser, NULL, &error));

  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (err_text, "%s\n", line);
      g_free (line);
    }
  g_assert_true (g_subprocess_wait (cli, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  {
    g_autoptr(GInputStream) stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (cli));
    char buffer[4096];
    gsize got = 0;

    g_input_stream_read_all (stdout_pipe, buffer, sizeof buffer - 1, &got, NULL, NULL);
    buffer[got] = '\0';
    out = g_strdup (buffer);
  }
  g_string_append (all_output, out);
  g_string_append (all_output, err_text->str);
  g_assert_nonnull (strstr (out, "Saved " BOB));

  item = keyring_item (BOB);
  g_assert_nonnull (item);
  forget_quietly (BOB);
}

static void
test_sign_in_failures (void)
{
  static const struct { const char *control; const char *code; const char *timeout; } cases[] = {
    { "authorize=deny", "oauth-consent-declined", "60" },
    { "authorize=admin_consent", "oauth-admin-consent-required", "60" },
    { "authorize=forge_state", "oauth-state-mismatch", "60" },
    /* The provider shows its error page and never redirects back: only the time limit. */
    { "authorize=redirect_mismatch", "oauth-timeout", "6" },
    { "token=500", "oauth-endpoint-error", "60" },
    { "token=html", "oauth-endpoint-error", "60" },
    { "token=malformed", "oauth-endpoint-error", "60" },
    { "token=invalid_client_secret", "oauth-client-not-public", "60" },
  };

  if (!lab_available ())
    return;

  forget_quietly (BOB);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) login = NULL;
      g_autoptr(Item) item = NULL;

      idp_reset ();
      idp_control (cases[i].control);
      login = run_cli (NULL, "login", BOB, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
                       "--json", "--timeout", cases[i].timeout);
      g_test_message ("%s → %s", cases[i].control, json_string (login->json, "diagnosis.code"));
      assert_diagnosis (login, cases[i].code);
      g_assert_cmpstr (json_string (login->json, "diagnosis.stage"), !=, NULL);

      /* Nothing saved. */
      item = keyring_item (BOB);
      g_assert_null (item);
    }
  idp_reset ();
}

static void
test_refresh_revoked (void)
{
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) token2 = NULL;
  g_autoptr(Item) before = NULL;
  g_autoptr(Item) after = NULL;

  if (!lab_available ())
    return;

  /* An access token that is expired at once, then the sign-in revoked at the provider. */
  idp_reset ();
  idp_control ("lifetime=0");
  login = run_cli (NULL, "login", ALICE, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"));
  g_assert_cmpint (login->status, ==, 0);
  before = keyring_item (ALICE);
  idp_control ("revoke=" ALICE);

  token = run_cli_full (NULL, NULL, NULL, TRUE,
                        (const char *[]) { "token", ALICE, "--json", NULL });
  g_string_append (all_output, token->out);  /* a failure prints no secret: checked too */
  assert_diagnosis (token, "oauth-refresh-expired");
  g_assert_cmpstr (json_string (token->json, "diagnosis.stage"), ==, "refresh");

  /* The old item is kept as it was: signing in again replaces it. */
  after = keyring_item (ALICE);
  g_assert_nonnull (after);
  g_assert_cmpstr (json_string (after->secret, "refresh_token"), ==,
                   json_string (before->secret, "refresh_token"));
  g_assert_cmpstr (json_string (after->secret, "access_token"), ==,
                   json_string (before->secret, "access_token"));

  /* Text mode: the diagnosis on stderr, nothing on stdout, exit 1. */
  idp_reset ();
  idp_control ("token=invalid_grant");
  token2 = run_cli (NULL, "token", ALICE);
  g_assert_cmpint (token2->status, ==, 1);
  g_assert_cmpstr (token2->out, ==, "");
  g_assert_cmpstr (token2->err, !=, "");
  idp_reset ();
}

static void
test_client_id (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-oauth-XXXXXX", NULL);
  g_autofree char *provider_file = g_build_filename (dir, "noid.provider", NULL);
  g_autofree char *config_dir = g_build_filename (dir, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config_dir, "mail-setup", NULL);
  g_autofree char *settings_file = g_build_filename (settings_dir, "settings.ini", NULL);
  g_autofree char *lab_text = NULL;
  g_autofree char *env_config = g_strconcat ("XDG_CONFIG_HOME=", config_dir, NULL);
  const char *env[] = { env_config, NULL };
  g_autoptr(GRegex) id_line = g_regex_new ("^ClientId=.*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) id_key = g_regex_new ("^Id=lab$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) configured = NULL;
  g_autoptr(Item) item = NULL;
  g_autofree char *step = NULL;
  g_autofree char *noid = NULL;

  if (!lab_available ())
    return;

  /* The lab provider without a client ID. */
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab_text, NULL,
                                      NULL));
  step = g_regex_replace_literal (id_line, lab_text, -1, 0, "ClientId=", 0, NULL);
  noid = g_regex_replace_literal (id_key, step, -1, 0, "Id=labnoid", 0, NULL);
  g_assert_true (g_file_set_contents (provider_file, noid, -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);

  idp_reset ();
  forget_quietly (BOB);
  missing = run_cli_full (NULL, env, NULL, FALSE,
                          (const char *[]) { "login", BOB, "--provider-file", provider_file,
                                             "--json", NULL });
  assert_diagnosis (missing, "oauth-client-id-missing");

  /* The per-user setting supplies it. */
  g_assert_true (g_file_set_contents (settings_file,
                                      "[OAuth2]\nlabnoid-client-id=lab-client\n", -1, NULL));
  configured = run_cli_full (NULL, env, NULL, FALSE,
                             (const char *[]) { "login", BOB, "--provider-file", provider_file,
                                                NULL });
  g_assert_cmpint (configured->status, ==, 0);
  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_string (item->secret, "oauth.client_id"), ==, "lab-client");
  forget_quietly (BOB);

  g_unlink (settings_file);
  g_rmdir (settings_dir);
  g_rmdir (config_dir);
  g_unlink (provider_file);
  g_rmdir (dir);
}

static void
test_replace_kind (void)
{
  g_autoptr(Run) password = NULL;
  g_autoptr(Run) oauth = NULL;
  g_autoptr(Item) first = NULL;
  g_autoptr(Item) second = NULL;
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (BOB);

  /* A password first, then OAuth2: one item remains, the new one. */
  password = run_cli ("lab-password-1\n", "login", BOB, "--provider-file", provider_file,
                      "--password-stdin");
  g_assert_cmpint (password->status, ==, 0);
  first = keyring_item (BOB);
  g_assert_cmpstr (g_hash_table_lookup (first->attributes, "kind"), ==, "password");
  g_assert_cmpstr (json_string (first->secret, "password"), ==, "lab-password-1");

  oauth = run_cli (NULL, "login", BOB, "--provider-file", provider_file);
  g_assert_cmpint (oauth->status, ==, 0);
  second = keyring_item (BOB);
  g_assert_cmpuint (second->count, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (second->attributes, "kind"), ==, "oauth2");
  g_assert_null (json_string (second->secret, "password"));
  forget_quietly (BOB);
}

#define BUS_FLAGS (G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | \
                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION)

/* A D-Bus session bus of our own, with no services to activate. */
typedef struct
{
  char        *dir;
  GSubprocess *bus;
  GSubprocess *keyring;
  char        *address;
} PrivateBus;

static void
private_bus_free (PrivateBus *bus)
{
  if (bus->keyring != NULL)
    {
      g_subprocess_send_signal (bus->keyring, SIGTERM);
      g_subprocess_wait (bus->keyring, NULL, NULL);
    }
  if (bus->bus != NULL)
    {
      g_subprocess_send_signal (bus->bus, SIGTERM);
      g_subprocess_wait (bus->bus, NULL, NULL);
    }
  g_clear_object (&bus->keyring);
  g_clear_object (&bus->bus);
  g_free (bus->address);
  if (bus->dir != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", bus->dir);

      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
  g_free (bus->dir);
  g_free (bus);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrivateBus, private_bus_free)

static PrivateBus *
private_bus_new (void)
{
  PrivateBus *bus = g_new0 (PrivateBus, 1);
  g_autofree char *config = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  bus->dir = g_dir_make_tmp ("mail-setup-bus-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (bus->dir, "bus.conf", NULL);
  config_text = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig><type>session</type><listen>unix:dir=%s</listen><auth>EXTERNAL</auth>"
    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n", bus->dir);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));

  bus->bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, "dbus-daemon",
                               "--nofork", "--print-address=1", "--config-file", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->bus));
  bus->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  g_strstrip (bus->address);
  return bus;
}

static gboolean
name_has_owner (const char *address,
                const char *name)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  connection = g_dbus_connection_new_for_address_sync (address, BUS_FLAGS, NULL, NULL, NULL);
  g_assert_nonnull (connection);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Starts gnome-keyring on the bus with a fresh, unlocked "login" keyring. */
static void
private_bus_start_keyring (PrivateBus *bus)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *data = g_build_filename (bus->dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  GOutputStream *in;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", bus->dir, TRUE);
  /* Its own warnings are not ours to make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  bus->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                              "--foreground", "--unlock", "--components=secrets",
                                              NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (bus->keyring);
  g_output_stream_write_all (in, "\n", 1, NULL, NULL, NULL);
  g_output_stream_close (in, NULL, NULL);

  for (guint i = 0; i < 100 && !name_has_owner (bus->address, "org.freedesktop.secrets"); i++)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_true (name_has_owner (bus->address, "org.freedesktop.secrets"));
}

/* Starts gnome-keyring again on the same data without a password: "login" stays locked. */
static void
private_bus_start_keyring_locked (PrivateBus *bus)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *data = g_build_filename (bus->dir, "data", NULL);
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", bus->dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  bus->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                              "--foreground", "--components=secrets", NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 100 && !name_has_owner (bus->address, "org.freedesktop.secrets"); i++)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_true (name_has_owner (bus->address, "org.freedesktop.secrets"));
}

static void
private_bus_lock_keyring (PrivateBus *bus)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/org/freedesktop/secrets/collection/login" };

  connection = g_dbus_connection_new_for_address_sync (bus->address, BUS_FLAGS, NULL, NULL,
                                                       &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(@ao)",
                                                      g_variant_new_objv (paths, 1)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

static void
test_keyring_unavailable (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  g_autofree char *env_bus = NULL;
  const char *env[2] = { NULL, NULL };
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", ALICE, "--json", NULL },
    (const char *[]) { "forget", ALICE, "--json", NULL },
    (const char *[]) { "login", BOB, "--password-stdin", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();
  env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus->address, NULL);
  env[0] = env_bus;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full ("a-password\n", env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-unavailable");
    }

  /* A sign-in is not even started when it could not be saved: no browser, no listener. */
  {
    const char *args[] = { "login", ALICE, "--provider-file",
                           g_getenv ("MAIL_LAB_PROVIDER_FILE"), "--json", NULL };
    g_autoptr(Run) run = run_cli_full (NULL, env, NULL, FALSE, args);

    assert_diagnosis (run, "keyring-unavailable");
    g_assert_null (strstr (run->err, "http://"));
  }
}

static void
test_keyring_locked (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  g_autofree char *env_bus = NULL;
  const char *env[2] = { NULL, NULL };
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", BOB, "--json", NULL },
    (const char *[]) { "forget", BOB, "--json", NULL },
    (const char *[]) { "login", "carol@example.test", "--password-stdin", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();
  private_bus_start_keyring (bus);
  env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus->address, NULL);
  env[0] = env_bus;

  /* Works while unlocked... */
  {
    const char *args[] = { "login", BOB, "--password-stdin", "--json", NULL };
    g_autoptr(Run) run = run_cli_full ("bobs-app-password-1\n", env, NULL, FALSE, args);

    g_assert_cmpint (run->status, ==, 0);
    remember_secret ("bobs-app-password-1");
  }

  /* ...and once locked, with nobody to type the password, every command says so. */
  private_bus_lock_keyring (bus);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full ("a-password\n", env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-locked");
    }
}

/* The keyring daemon restarted (after a crash, a new session): the login keyring is locked on
 * disk, and a locked collection shows no items at all. That is a locked keyring for every
 * command, never "no accounts saved" or "not saved". */
static void
test_keyring_locked_after_restart (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  g_autofree char *env_bus = NULL;
  const char *env[2] = { NULL, NULL };
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", BOB, "--json", NULL },
    (const char *[]) { "forget", BOB, "--json", NULL },
    (const char *[]) { "export", BOB, "--format", "json", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();
  private_bus_start_keyring (bus);
  env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus->address, NULL);
  env[0] = env_bus;

  {
    const char *args[] = { "login", BOB, "--password-stdin", "--json", NULL };
    g_autoptr(Run) run = run_cli_full ("bobs-app-password-2\n", env, NULL, FALSE, args);

    g_assert_cmpint (run->status, ==, 0);
    remember_secret ("bobs-app-password-2");
  }

  /* The daemon restarts without anyone to unlock the keyring. */
  g_subprocess_send_signal (bus->keyring, SIGTERM);
  g_subprocess_wait (bus->keyring, NULL, NULL);
  g_clear_object (&bus->keyring);
  private_bus_start_keyring_locked (bus);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full (NULL, env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-locked");
      g_assert_null (strstr (run->out, "saved"));
    }

  /* In words too. */
  {
    const char *args[] = { "accounts", NULL };
    g_autoptr(Run) run = run_cli_full (NULL, env, NULL, FALSE, args);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_null (strstr (run->out, "No accounts"));
    g_assert_nonnull (strstr (run->err, "locked"));
  }
}

static char *
repeat (const char *unit,
        gsize       count)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* Stored account JSON and settings files that would crash a JSON parser without limits are
 * refused with words, and a damaged item does not hide the other accounts. */
static void
test_hostile_json (void)
{
  g_autofree char *brackets = repeat ("[", 1024 * 1024);
  g_autofree char *objects = repeat ("{\"a\":", 100000);
  g_autofree char *pad = repeat ("0123456789abcdef", 1024 * 1024 / 16);
  g_autofree char *huge = g_strconcat ("{\"settings\":{\"email\":\"", pad, "\"}}", NULL);
  const char *bodies[] = { brackets, objects, huge };
  const char *carol = "carol@example.test";
  g_autofree char *dir = g_dir_make_tmp ("test-oauth-lab-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "settings.json", NULL);

  if (!lab_available ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;

      secret_password_store_sync (account_schema (), SECRET_COLLECTION_DEFAULT, "hostile",
                                  bodies[i], NULL, &error, "email", carol, "provider", "custom",
                                  "kind", "oauth2", NULL);
      g_assert_no_error (error);

      {
        g_autoptr(Run) run = run_cli (NULL, "token", carol, "--json");

        g_assert_cmpint (run->status, ==, 1);
        g_assert_nonnull (strstr (run->err, "damaged"));
      }
      {
        g_autoptr(Run) run = run_cli (NULL, "export", carol, "--format", "json", "--json");

        g_assert_cmpint (run->status, ==, 1);
        g_assert_nonnull (strstr (run->err, "damaged"));
      }
      {
        g_autoptr(Run) run = run_cli (NULL, "accounts", "--json");

        g_assert_cmpint (run->status, ==, 0);
        g_assert_null (strstr (run->out, carol));
      }

      /* The same text as a settings file. */
      g_assert_true (g_file_set_contents (file, bodies[i], -1, NULL));
      {
        g_autoptr(Run) run = run_cli (NULL, "export", carol, "--format", "json",
                                      "--settings-file", file, "--json");

        g_assert_cmpint (run->status, ==, 2);
        g_assert_nonnull (strstr (run->err, "the settings file"));
        g_assert_true (strstr (run->err, "levels deep") != NULL ||
                       strstr (run->err, "larger than") != NULL);
      }
    }

  forget_quietly (carol);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_forget (void)
{
  g_autoptr(Run) forget = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Item) item = NULL;

  if (!lab_available ())
    return;

  forget = run_cli (NULL, "forget", ALICE);
  g_assert_cmpint (forget->status, ==, 0);
  g_assert_nonnull (strstr (forget->out, ALICE));
  item = keyring_item (ALICE);
  g_assert_null (item);

  again = run_cli (NULL, "forget", ALICE, "--json");
  g_assert_cmpint (again->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (again->json), "ok"));
}

static void
check_file (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL) || length > 16 * 1024 * 1024)
    return;

  for (guint i = 0; i < secrets->len; i++)
    if (g_strstr_len (text, length, g_ptr_array_index (secrets, i)) != NULL)
      g_error ("%s holds a secret", path);
  g_assert_null (g_strstr_len (text, length, "lab-rt-"));
  g_assert_null (g_strstr_len (text, length, "lab-at-"));
  g_assert_null (g_strstr_len (text, length, "lab-code-"));
}

static void
check_tree (const char *dir_path,
            guint       depth)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (dir_path == NULL || depth > 8 || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        check_tree (path, depth + 1);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        check_file (path);
    }
}

static void
test_no_secret_anywhere (void)
{
  const char *dirs[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };

  if (!lab_available ())
    return;

  /* The earlier tests saw real tokens; otherwise this test would prove nothing. */
  g_assert_cmpuint (secrets->len, >=, 6);
  g_assert_cmpuint (all_output->len, >, 1000);

  for (guint i = 0; i < secrets->len; i++)
    g_assert_null (strstr (all_output->str, g_ptr_array_index (secrets, i)));
  /* Nor any authorization code, access or refresh token the lab ever issued. */
  g_assert_null (strstr (all_output->str, "lab-code-"));
  g_assert_null (strstr (all_output->str, "lab-at-"));
  g_assert_null (strstr (all_output->str, "lab-rt-"));

  /* Nothing was written to a file: the keyring's own files are encrypted. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    check_tree (g_getenv (dirs[i]), 0);
  {
    g_autofree char *mine = g_build_filename (g_get_home_dir (), ".config", "mail-setup", NULL);
    g_autofree char *local = g_build_filename (g_get_home_dir (), ".local", "share", "mail-setup",
                                               NULL);

    check_tree (mine, 0);
    check_tree (local, 0);
  }
}

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
  g_autoptr(JsonParser) parser = json_parser_new ();
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
  g_string_append (all_output, run->out);
  g_string_append (all_output, run->err);
  g_test_message ("login --device-code → %d\n%s", run->status, run->err);
  if (*run->out != '\0')
    {
      g_assert_true (json_parser_load_from_data (parser, run->out, -1, NULL));
      run->json = json_node_copy (json_parser_get_root (parser));
    }

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
static void
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
static void
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
static void
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
static void
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


/* --- shared and delegated mailboxes ------------------------------------------------------ */

#define SHARED "shared@example.test"
#define SHARED_AS_ALICE SHARED "*" ALICE

/* Signed in as Alice, mailbox shared@: the token is Alice's, the mailbox the shared one; the
 * server lets it in only while Alice has been granted access (the lab's Dovecot: a master user
 * "shared*alice" whose token the identity provider accepts for delegates). The check, `token`,
 * `accounts` and the exports carry both. */
static void
test_shared_mailbox (void)
{
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  const char *ca_file = g_getenv ("MAIL_LAB_CA_FILE");
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) denied = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) accounts = NULL;
  g_autoptr(Run) mbsync = NULL;
  g_autoptr(Run) own = NULL;
  g_autoptr(Run) password = NULL;
  g_autoptr(Item) item = NULL;
  g_autofree char *access = NULL;
  JsonArray *list;
  gboolean found = FALSE;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (SHARED);

  login = run_cli (NULL, "login", ALICE, "--shared", SHARED, "--provider-file", provider_file,
                   "--json");
  g_assert_cmpint (login->status, ==, 0);
  g_assert_cmpstr (json_string (login->json, "email"), ==, SHARED);
  g_assert_cmpstr (json_string (login->json, "signed_in_as"), ==, ALICE);

  item = keyring_item (SHARED);
  g_assert_nonnull (item);
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "email"), ==, SHARED);
  g_assert_cmpstr (json_string (item->secret, "signed_in_as"), ==, ALICE);
  access = g_strdup (json_string (item->secret, "access_token"));
  g_assert_true (g_str_has_prefix (access, "lab-at-"));

  /* Not granted yet: authenticated as Alice, but not into the shared mailbox. */
  g_assert_false (dovecot_accepts (SHARED_AS_ALICE, access));
  denied = run_cli (NULL, "test", SHARED, "--provider-file", provider_file, "--ca-file", ca_file,
                    "--no-smtp", "--json");
  g_assert_cmpint (denied->status, !=, 0);
  g_assert_nonnull (strstr (denied->out, "\"shared-mailbox-denied\""));
  g_assert_nonnull (strstr (denied->out, "FullAccess"));

  /* The administrator grants Alice access: the same token now opens the shared mailbox, and
   * still not as the mailbox's own user. */
  idp_control ("delegate=" ALICE);
  g_assert_true (dovecot_accepts (SHARED_AS_ALICE, access));
  g_assert_false (dovecot_accepts (SHARED, access));
  check = run_cli (NULL, "test", SHARED, "--provider-file", provider_file, "--ca-file", ca_file,
                   "--json");
  g_assert_cmpint (check->status, ==, 0);

  /* `token SHARED` hands out Alice's token. */
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", SHARED, NULL });
  g_assert_cmpint (token->status, ==, 0);
  g_assert_true (g_str_has_prefix (token->out, access));

  accounts = run_cli (NULL, "accounts", "--json");
  list = json_object_get_array_member (json_node_get_object (accounts->json), "accounts");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "email"), SHARED) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "signed_in_as"), ==, ALICE);
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* The export: the shared mailbox's user name, Alice's token through `token SHARED`. */
  mbsync = run_cli (NULL, "export", SHARED, "--format", "mbsync");
  g_assert_cmpint (mbsync->status, ==, 0);
  g_assert_nonnull (strstr (mbsync->out, SHARED_AS_ALICE));
  g_assert_nonnull (strstr (mbsync->out, "token " SHARED));
  {
    /* Every other format names the delegated user too (aerc escapes it in its URL). */
    static const char *const formats[] = { "thunderbird", "msmtp", "neomutt", "aerc", "json" };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autoptr(Run) export = run_cli (NULL, "export", SHARED, "--format", formats[i]);

        g_test_message ("export --format %s", formats[i]);
        g_assert_cmpint (export->status, ==, 0);
        g_assert_true (strstr (export->out, SHARED_AS_ALICE) != NULL ||
                       strstr (export->out, "shared%40example.test%2Aalice%40example.test") !=
                       NULL);
      }
  }

  /* --shared is for OAuth2 sign-in, and for another mailbox. */
  own = run_cli (NULL, "login", ALICE, "--shared", ALICE, "--provider-file", provider_file,
                 "--json");
  g_assert_cmpint (own->status, ==, 2);
  password = run_cli ("secret\n", "login", ALICE, "--shared", SHARED, "--provider-file",
                      provider_file, "--password-stdin", "--json");
  g_assert_cmpint (password->status, ==, 2);

  forget_quietly (SHARED);
  idp_reset ();
}


/* --- sign-in health ------------------------------------------------------------------------ */

/* Rewrites one number of the account's keyring secret (as time passing would). */
static void
keyring_set_int (Item       *item,
                 const char *name,
                 gint64      value)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, val;

  json_object_set_int_member (json_node_get_object (item->secret), name, value);
  json_generator_set_root (generator, item->secret);
  text = json_generator_to_data (generator, NULL);

  g_hash_table_iter_init (&iter, item->attributes);
  while (g_hash_table_iter_next (&iter, &key, &val))
    if (!g_str_equal (key, "xdg:schema"))
      g_hash_table_insert (attributes, key, val);
  g_assert_true (secret_password_storev_sync (account_schema (), attributes,
                                              SECRET_COLLECTION_DEFAULT, item->label, text, NULL,
                                              &error));
  g_assert_no_error (error);
}

static JsonObject *
accounts_entry (Run        *run,
                const char *email)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (run->json), "accounts");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "email"), email) == 0)
        return entry;
    }
  g_assert_not_reached ();
}

/* `accounts` says when each sign-in was last refreshed and when it will or may end (the lab
 * provider has Google's "Testing" rule, 7 days, and Microsoft's 90 days unused); `test` and
 * `accounts` warn when that is near; a refresh moves "refreshed". */
static void
test_sign_in_health (void)
{
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) fresh = NULL;
  g_autoptr(Run) near = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Item) item = NULL;
  g_autoptr(Item) aged = NULL;
  g_autoptr(Item) after = NULL;
  JsonObject *entry;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 signed_in;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("lifetime=3");
  forget_quietly (ALICE);
  login = run_cli (NULL, "login", ALICE, "--provider-file", provider_file);
  g_assert_cmpint (login->status, ==, 0);

  item = keyring_item (ALICE);
  signed_in = json_object_get_int_member (json_node_get_object (item->secret), "signed_in_at");
  g_assert_cmpint (signed_in, >=, now - 60);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (item->secret),
                                               "refreshed_at"), ==, signed_in);

  fresh = run_cli (NULL, "accounts", "--provider-file", provider_file, "--json");
  entry = accounts_entry (fresh, ALICE);
  g_assert_nonnull (json_object_get_string_member (entry, "refreshed_at"));
  g_assert_cmpstr (json_object_get_string_member (entry, "sign_in_end"), ==, "testing-app");
  g_assert_nonnull (json_object_get_string_member (entry, "sign_in_ends_at"));
  g_assert_true (json_object_get_null_member (entry, "warning"));

  /* Six and a half days later: two warnings ahead of the end. */
  keyring_set_int (item, "signed_in_at", signed_in - 6 * 24 * 3600 - 12 * 3600);
  near = run_cli (NULL, "accounts", "--provider-file", provider_file, "--json");
  entry = accounts_entry (near, ALICE);
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "warning"), ALICE));
  check = run_cli (NULL, "test", ALICE, "--provider-file", provider_file, "--ca-file",
                   g_getenv ("MAIL_LAB_CA_FILE"), "--json");
  g_assert_nonnull (json_string (check->json, "warning"));
  g_assert_nonnull (strstr (json_string (check->json, "warning"), "may end"));
  text = run_cli (NULL, "accounts", "--provider-file", provider_file);
  g_assert_nonnull (strstr (text->out, "sign-in may end"));

  /* A refresh: "refreshed" moves, the sign-in itself stays. */
  aged = keyring_item (ALICE);
  g_usleep (4 * G_USEC_PER_SEC);
  idp_control ("lifetime=3600");
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (token->status, ==, 0);
  {
    g_autofree char *value = g_strndup (token->out, strlen (token->out) - 1);

    remember_secret (value);
  }
  after = keyring_item (ALICE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after->secret),
                                               "refreshed_at"), >,
                   json_object_get_int_member (json_node_get_object (aged->secret),
                                               "refreshed_at"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after->secret),
                                               "signed_in_at"), ==,
                   signed_in - 6 * 24 * 3600 - 12 * 3600);
  idp_reset ();
}


int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  all_output = g_string_new (NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/oauth-lab/login-and-use", test_login_and_use);
  g_test_add_func ("/oauth-lab/refresh", test_refresh);
  g_test_add_func ("/oauth-lab/concurrent-refresh", test_concurrent_refresh);
  g_test_add_func ("/oauth-lab/refresh-lock-wait", test_refresh_lock_wait);
  g_test_add_func ("/oauth-lab/token-endpoint-deadline", test_token_endpoint_deadline);
  g_test_add_func ("/oauth-lab/timeout-option", test_timeout_option);
  g_test_add_func ("/oauth-lab/no-browser", test_no_browser);
  g_test_add_func ("/oauth-lab/sign-in-failures", test_sign_in_failures);
  g_test_add_func ("/oauth-lab/refresh-revoked", test_refresh_revoked);
  g_test_add_func ("/oauth-lab/client-id", test_client_id);
  g_test_add_func ("/oauth-lab/replace-kind", test_replace_kind);
  g_test_add_func ("/oauth-lab/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/oauth-lab/keyring-locked", test_keyring_locked);
  g_test_add_func ("/oauth-lab/keyring-locked-after-restart", test_keyring_locked_after_restart);
  g_test_add_func ("/oauth-lab/hostile-json", test_hostile_json);
  g_test_add_func ("/oauth-lab/forget", test_forget);
  g_test_add_func ("/oauth-lab/device-code", test_device_code);
  g_test_add_func ("/oauth-lab/device-code-slow-down", test_device_code_slow_down);
  g_test_add_func ("/oauth-lab/device-code-failures", test_device_code_failures);
  g_test_add_func ("/oauth-lab/tenant", test_tenant);
  g_test_add_func ("/oauth-lab/shared-mailbox", test_shared_mailbox);
  g_test_add_func ("/oauth-lab/sign-in-health", test_sign_in_health);
  g_test_add_func ("/oauth-lab/no-secret-anywhere", test_no_secret_anywhere);

  status = g_test_run ();
  g_string_free (all_output, TRUE);
  g_ptr_array_unref (secrets);
  return status;
}
