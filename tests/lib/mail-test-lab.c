/* mail-test-lab.c: the test lab (tests/lab/README.md) as the tests see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "mail-test-lib.h"

/* TRUE inside tests/lab/with-lab.sh; otherwise marks the test skipped. */
gboolean
mail_test_lab_available (void)
{
  if (g_getenv ("MAIL_LAB_DIR") != NULL && g_getenv ("MAIL_LAB_PROVIDER_FILE") != NULL)
    return TRUE;
  g_test_skip ("the lab is not running (use tests/lab/with-lab.sh)");
  return FALSE;
}

/* TRUE when the program (an absolute path, or a name looked up in PATH) is there; otherwise
 * marks the test skipped, saying why ("Debian package ..."). */
gboolean
mail_test_need_program (const char *path_or_name,
                        const char *why)
{
  g_autofree char *found = NULL;
  g_autofree char *message = NULL;

  if (g_path_is_absolute (path_or_name))
    {
      if (g_file_test (path_or_name, G_FILE_TEST_IS_EXECUTABLE))
        return TRUE;
    }
  else if ((found = g_find_program_in_path (path_or_name)) != NULL)
    return TRUE;
  message = g_strdup_printf ("%s is missing (%s)", path_or_name, why);
  g_test_skip (message);
  return FALSE;
}

/* A variable the lab or meson sets; asserts that it is set. */
const char *
mail_test_env (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return value;
}

guint16
mail_test_lab_port (const char *variable)
{
  return (guint16) g_ascii_strtoull (mail_test_env (variable), NULL, 10);
}

/* The lab's CA as a TLS database. */
GTlsDatabase *
mail_test_lab_database (void)
{
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (mail_test_env ("MAIL_LAB_CA_FILE"), &error);

  g_assert_no_error (error);
  return database;
}

/* A real access token for user from the lab's idp, through the authorization endpoint and a
 * PKCE code exchange, as the app itself does. state: the authorization request's state. */
char *
mail_test_lab_mint_token (const char *user,
                          const char *state)
{
  const char *verifier = "lab-test-verifier-0123456789abcdefghijklmnopqrstuvwxyz";
  const char *redirect = "http://127.0.0.1:9/callback";
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(SoupMessage) authorize = NULL;
  g_autoptr(SoupMessage) exchange = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *form = NULL;
  g_autofree char *token_url = NULL;
  JsonObject *object;
  gsize form_length;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_checksum_update (sha, (const guchar *) verifier, -1);
  g_checksum_get_digest (sha, digest, &digest_len);
  challenge = g_base64_encode (digest, digest_len);
  g_strdelimit (challenge, "+", '-');
  g_strdelimit (challenge, "/", '_');
  *strchr (challenge, '=') = '\0';

  escaped = g_uri_escape_string (redirect, NULL, FALSE);
  url = g_strdup_printf ("%s/authorize?response_type=code&client_id=lab-client&redirect_uri=%s"
                         "&scope=imap%%20smtp%%20offline_access&state=%s&code_challenge=%s"
                         "&code_challenge_method=S256&login_hint=%s",
                         mail_test_env ("MAIL_LAB_IDP_URL"), escaped, state, challenge, user);
  authorize = soup_message_new ("GET", url);
  soup_message_add_flags (authorize, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, authorize, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (authorize), ==, 302);
  location = g_uri_parse (soup_message_headers_get_one (
                            soup_message_get_response_headers (authorize), "Location"),
                          G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", (char *) g_hash_table_lookup (params, "code"),
                           "redirect_uri", redirect, "client_id", "lab-client",
                           "code_verifier", verifier, NULL);
  token_url = g_strdup_printf ("%s/token", mail_test_env ("MAIL_LAB_IDP_URL"));
  exchange = soup_message_new ("POST", token_url);
  /* The length before the form is handed over: arguments have no order of evaluation. */
  form_length = strlen (form);
  request = g_bytes_new_take (g_steal_pointer (&form), form_length);
  soup_message_set_request_body_from_bytes (exchange, "application/x-www-form-urlencoded",
                                            request);
  g_clear_pointer (&body, g_bytes_unref);
  body = soup_session_send_and_read (session, exchange, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (exchange), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                              (gssize) g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  return g_strdup (json_object_get_string_member (object, "access_token"));
}

/* POSTs form ("field=value&...", already encoded) to the idp's /control. */
void
mail_test_lab_idp_control (const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (mail_test_env ("MAIL_LAB_IDP_URL"), "/control", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            request);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/* Other lab tests may leave the identity provider refusing or revoking: back to "ok". */
void
mail_test_lab_idp_reset (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (mail_test_env ("MAIL_LAB_IDP_URL"), "/control/reset", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}
