/* oauth-lab.c: what the files of test-oauth-lab share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "oauth-lab.h"

GString *all_output;
GPtrArray *secrets;

const SecretSchema *
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

gboolean
lab_available (void)
{
  if (g_getenv ("MAIL_LAB_PROVIDER_FILE") == NULL || g_getenv ("MAIL_SETUP_CLI") == NULL)
    {
      g_test_skip ("the lab is not running (use tests/lab/with-lab.sh)");
      return FALSE;
    }
  return TRUE;
}

void
remember_secret (const char *value)
{
  if (value != NULL && strlen (value) >= 8 &&
      !g_ptr_array_find_with_equal_func (secrets, value, g_str_equal, NULL))
    g_ptr_array_add (secrets, g_strdup (value));
}

void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

/* mail-setup-cli ARGS (under `timeout -s KILL kill_after_s` unless 0) with the lab browser and
 * stdin_text as standard input. */
static Run *
run_cli_spawn (const char         *stdin_text,
               const char * const *env,
               const char         *unset_env,
               guint               kill_after_s,
               const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  g_autofree char *input_path = NULL;
  int input_fd;

  /* Standard input from a file, not a pipe: a command that ends before reading it (a locked
   * keyring, a usage error) must not make the write fail. */
  input_fd = g_file_open_tmp ("oauth-lab-stdin-XXXXXX", &input_path, &error);
  g_assert_no_error (error);
  close (input_fd);
  g_file_set_contents (input_path, stdin_text != NULL ? stdin_text : "", -1, &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_subprocess_launcher_setenv (launcher, "MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"),
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "LAB_BROWSER_TIMEOUT", "30", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  if (unset_env != NULL)
    g_subprocess_launcher_unsetenv (launcher, unset_env);

  if (kill_after_s > 0)
    {
      g_ptr_array_add (argv, g_strdup ("timeout"));
      g_ptr_array_add (argv, g_strdup ("-s"));
      g_ptr_array_add (argv, g_strdup ("KILL"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", kill_after_s));
    }
  g_ptr_array_add (argv, g_strdup (g_getenv ("MAIL_SETUP_CLI")));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_unlink (input_path);
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("mail-setup-cli %s → %d", args[0], run->status);
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
  return run;
}

void
run_keep (Run      *run,
          gboolean  prints_secret)
{
  if (!prints_secret)
    g_string_append (all_output, run->out);
  g_string_append (all_output, run->err);
}

void
run_parse_json (Run      *run,
                gboolean  strict)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (run->out == NULL || *run->out == '\0')
    return;
  if (json_parser_load_from_data (parser, run->out, -1, NULL))
    run->json = json_node_copy (json_parser_get_root (parser));
  else
    g_assert_false (strict);
}

Run *
run_cli_full (const char         *stdin_text,
              const char * const *env,
              const char         *unset_env,
              gboolean            prints_secret,
              const char * const *args)
{
  Run *run = run_cli_spawn (stdin_text, env, unset_env, 0, args);

  run_keep (run, prints_secret);
  if (g_strv_contains (args, "--json"))
    run_parse_json (run, TRUE);
  return run;
}

Run *
run_cli_bounded (const char * const *args)
{
  g_autoptr(GPtrArray) with_json = g_ptr_array_new ();
  Run *run;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (with_json, (char *) args[i]);
  g_ptr_array_add (with_json, (char *) "--json");
  g_ptr_array_add (with_json, NULL);

  run = run_cli_spawn (NULL, NULL, NULL, 60, (const char * const *) with_json->pdata);
  run_keep (run, FALSE);
  /* A run killed at the bound may have printed half an answer. */
  run_parse_json (run, FALSE);
  return run;
}

void
forget_quietly (const char *email)
{
  g_autoptr(Run) run G_GNUC_UNUSED = run_cli (NULL, "forget", email);
}

const char *
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

void
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

void
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

void
idp_control (const char *form)
{
  idp_post ("/control", form);
}

void
idp_reset (void)
{
  idp_post ("/control/reset", "");
}

/* --- the keyring, read directly ---------------------------------------------------------- */

void
item_free (Item *item)
{
  g_free (item->label);
  g_clear_pointer (&item->attributes, g_hash_table_unref);
  g_free (item->content_type);
  g_clear_pointer (&item->secret, json_node_unref);
  g_free (item);
}

Item *
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

gboolean
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
