/* test-token-client.c: the token endpoint client against a SoupServer giving each answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "mail-diagnosis-error.h"
#include "mail-oauth-token-client.h"
#include "mail-types.h"

#define TOKEN_IN_BROKEN_ANSWER "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.leaked-if-shown"

typedef struct
{
  SoupServer  *server;
  char        *base;
  GHashTable  *last_form;   /* the last request's form fields */
  char        *last_path_after_redirect;   /* a request to /ok after one to /redirect */
  gboolean     redirected;
  char        *last_content_type;
} Fixture;

/* A slow endpoint: one byte of the answer every second, for ever. */
static gboolean
drip_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
drip_finished_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  guint id = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (msg), "drip"));

  if (id != 0)
    g_source_remove (id);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *form = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *type = "application/json";
  guint status = 200;
  g_autofree char *body = NULL;

  if (fixture->redirected)
    fixture->last_path_after_redirect = g_strdup (path);
  fixture->redirected = g_strcmp0 (path, "/redirect") == 0;
  g_clear_pointer (&fixture->last_form, g_hash_table_unref);
  fixture->last_form = soup_form_decode (form);
  g_free (fixture->last_content_type);
  fixture->last_content_type =
    g_strdup (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                     NULL));

  if (g_strcmp0 (path, "/drip") == 0)
    {
      guint id;

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "application/json", NULL);
      id = g_timeout_add_seconds (1, drip_cb, msg);
      g_object_set_data (G_OBJECT (msg), "drip", GUINT_TO_POINTER (id));
      g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), NULL);
      g_signal_connect (msg, "disconnected", G_CALLBACK (drip_finished_cb), NULL);
      soup_server_message_pause (msg);
      return;
    }
  if (g_strcmp0 (path, "/never") == 0)
    {
      /* Reads the request and never answers. */
      soup_server_message_pause (msg);
      return;
    }
  if (g_strcmp0 (path, "/redirect") == 0)
    {
      soup_server_message_set_redirect (msg, 307, "/ok");
      return;
    }

  if (g_strcmp0 (path, "/ok") == 0)
    body = g_strdup ("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3599,"
                     "\"refresh_token\":\"rt-2\",\"scope\":\"imap smtp\"}");
  else if (g_strcmp0 (path, "/ok-no-rotation") == 0)
    body = g_strdup ("{\"access_token\":\"at-3\",\"token_type\":\"bearer\",\"expires_in\":\"60\"}");
  else if (g_strcmp0 (path, "/aadsts7000218") == 0)
    {
      status = 401;
      body = g_strdup ("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000218: The "
                       "request body must contain the following parameter: 'client_assertion' "
                       "or 'client_secret'.\",\"error_codes\":[7000218]}");
    }
  else if (g_strcmp0 (path, "/invalid-grant") == 0)
    {
      status = 400;
      body = g_strdup ("{\n  \"error\": \"invalid_grant\",\n  \"error_description\": \"Token has "
                       "been expired or revoked.\"\n}");
    }
  else if (g_strcmp0 (path, "/500") == 0)
    {
      status = 500;
      body = g_strdup ("{\"error\":\"server_error\"}");
    }
  else if (g_strcmp0 (path, "/503-html") == 0)
    {
      status = 503;
      type = "text/html";
      body = g_strdup ("<html><body><h1>Service Unavailable</h1></body></html>");
    }
  else if (g_strcmp0 (path, "/html") == 0)
    {
      type = "text/html";
      body = g_strdup ("<!DOCTYPE html><html><body>Sign in to continue</body></html>");
    }
  else if (g_strcmp0 (path, "/malformed") == 0)
    body = g_strdup ("{\"access_token\":\"" TOKEN_IN_BROKEN_ANSWER "\",\"token_type\":");
  else if (g_strcmp0 (path, "/empty") == 0)
    body = g_strdup ("");
  else if (g_strcmp0 (path, "/empty-502") == 0)
    {
      status = 502;
      body = g_strdup ("");
    }
  else if (g_strcmp0 (path, "/not-object") == 0)
    body = g_strdup ("[\"access_token\"]");
  else if (g_strcmp0 (path, "/deep") == 0 || g_strcmp0 (path, "/deep-error") == 0)
    {
      /* Under the size limit, but nested far deeper than any parser's stack allows. */
      GString *deep = g_string_new ("{\"error\":\"invalid_grant\",\"x\":");

      while (deep->len < MAIL_OAUTH_MAX_BODY_SIZE - 16)
        g_string_append (deep, "[[[[[[[[[[[[[[[[");
      if (g_str_equal (path, "/deep-error"))
        status = 400;
      body = g_string_free (deep, FALSE);
    }
  else if (g_strcmp0 (path, "/huge") == 0)
    {
      GString *huge = g_string_new ("{\"access_token\":\"x\",\"pad\":\"");

      while (huge->len < MAIL_OAUTH_MAX_BODY_SIZE * 4)
        g_string_append (huge, "0123456789abcdef0123456789abcdef");
      g_string_append (huge, "\"}");
      body = g_string_free (huge, FALSE);
    }
  else
    {
      status = 404;
      body = g_strdup ("{}");
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handler_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_uri_to_string (uris->data);
  if (g_str_has_suffix (fixture->base, "/"))
    fixture->base[strlen (fixture->base) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->base);
  g_clear_pointer (&fixture->last_form, g_hash_table_unref);
  g_free (fixture->last_content_type);
  g_free (fixture->last_path_after_redirect);
}

typedef struct
{
  gboolean         done;
  MailOAuthTokens     *tokens;
  const MailDiagnosis *diagnosis;  /* the one the error carries */
  GError              *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->tokens, mail_oauth_tokens_free);
  outcome->diagnosis = NULL;
  g_clear_error (&outcome->error);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->tokens = mail_oauth_token_client_request_finish (MAIL_OAUTH_TOKEN_CLIENT (object),
                                                            result, &outcome->error);
  outcome->diagnosis = mail_diagnosis_from_error (outcome->error);
  outcome->done = TRUE;
}

static void
run (Fixture    *fixture,
     const char *path,
     gboolean    refresh,
     const char *secret,
     Outcome    *outcome)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autoptr(MailOAuthTokenClient) client =
    mail_oauth_token_client_new (url, "client-1", secret, "microsoft365", "someone@contoso.com");

  if (refresh)
    mail_oauth_token_client_refresh_async (client, "old-refresh-token", "imap smtp", NULL,
                                           done_cb, outcome);
  else
    mail_oauth_token_client_exchange_async (client, "the-code", "http://localhost:1234/",
                                            "the-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                            NULL, done_cb, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_no_secret_shown (const MailDiagnosis *diagnosis)
{
  const char *texts[] = { diagnosis->server_text, diagnosis->explanation, diagnosis->title };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL)
        continue;
      g_assert_null (strstr (texts[i], TOKEN_IN_BROKEN_ANSWER));
      g_assert_null (strstr (texts[i], "the-code"));
      g_assert_null (strstr (texts[i], "old-refresh-token"));
      g_assert_null (strstr (texts[i], "the-verifier"));
    }
}

static void
test_exchange_ok (Fixture       *fixture,
                  gconstpointer  data)
{
  Outcome outcome = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  run (fixture, "/ok", FALSE, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_null (outcome.diagnosis);
  g_assert_cmpstr (outcome.tokens->access_token, ==, "at-1");
  g_assert_cmpstr (outcome.tokens->refresh_token, ==, "rt-2");
  g_assert_cmpstr (outcome.tokens->scope, ==, "imap smtp");
  g_assert_cmpint (outcome.tokens->expires_at, >=, now + 3599);
  g_assert_cmpint (outcome.tokens->expires_at, <=, now + 3599 + 5);

  /* What the endpoint received: the same redirect URI, the verifier, no secret. */
  g_assert_cmpstr (fixture->last_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "grant_type"), ==,
                   "authorization_code");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "code"), ==, "the-code");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "redirect_uri"), ==,
                   "http://localhost:1234/");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "code_verifier"), ==,
                   "the-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "client_id"), ==, "client-1");
  g_assert_false (g_hash_table_contains (fixture->last_form, "client_secret"));
  outcome_clear (&outcome);
}

static void
test_refresh_with_secret (Fixture       *fixture,
                          gconstpointer  data)
{
  Outcome outcome = { 0 };

  run (fixture, "/ok-no-rotation", TRUE, "google-desktop-secret", &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.tokens->access_token, ==, "at-3");
  /* No rotation: the caller keeps the old refresh token. */
  g_assert_null (outcome.tokens->refresh_token);
  g_assert_cmpint (outcome.tokens->expires_in, ==, 60);
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "refresh_token"), ==,
                   "old-refresh-token");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "client_secret"), ==,
                   "google-desktop-secret");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "scope"), ==, "imap smtp");
  outcome_clear (&outcome);
}

static void
expect_diagnosis (Fixture    *fixture,
                  const char *path,
                  gboolean    refresh,
                  const char *code,
                  const char *stage,
                  const char *server_words)
{
  Outcome outcome = { 0 };

  run (fixture, path, refresh, NULL, &outcome);
  g_assert_null (outcome.tokens);
  g_assert_error (outcome.error, MAIL_DIAGNOSIS_ERROR, MAIL_DIAGNOSIS_ERROR_FAILED);
  g_assert_nonnull (outcome.diagnosis);
  g_assert_cmpstr (outcome.diagnosis->code, ==, code);
  g_assert_cmpstr (outcome.diagnosis->stage, ==, stage);
  if (server_words != NULL)
    {
      g_assert_nonnull (outcome.diagnosis->server_text);
      g_assert_nonnull (strstr (outcome.diagnosis->server_text, server_words));
    }
  assert_no_secret_shown (outcome.diagnosis);
  outcome_clear (&outcome);
}

static void
test_provider_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  expect_diagnosis (fixture, "/aadsts7000218", FALSE, "oauth-client-not-public", "token",
                    "AADSTS7000218");
  expect_diagnosis (fixture, "/invalid-grant", TRUE, "oauth-refresh-expired", "refresh",
                    "Token has been expired or revoked.");
}

static void
test_endpoint_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  expect_diagnosis (fixture, "/500", FALSE, "oauth-endpoint-error", "token", NULL);
  expect_diagnosis (fixture, "/503-html", TRUE, "oauth-endpoint-error", "refresh",
                    "Service Unavailable");
  expect_diagnosis (fixture, "/html", FALSE, "oauth-endpoint-error", "token", NULL);
  expect_diagnosis (fixture, "/malformed", FALSE, "oauth-endpoint-error", "token", NULL);
  expect_diagnosis (fixture, "/not-object", TRUE, "oauth-endpoint-error", "refresh", NULL);
  expect_diagnosis (fixture, "/huge", FALSE, "oauth-endpoint-error", "token", NULL);
  /* Nesting without end is refused before it reaches the JSON parser. */
  expect_diagnosis (fixture, "/deep", TRUE, "oauth-endpoint-error", "refresh", NULL);
  expect_diagnosis (fixture, "/deep-error", TRUE, "oauth-endpoint-error", "refresh", NULL);
  /* An empty answer (a proxy, a crashed endpoint) is explained, never a crash. */
  expect_diagnosis (fixture, "/empty", FALSE, "oauth-endpoint-error", "token", NULL);
  expect_diagnosis (fixture, "/empty-502", TRUE, "oauth-endpoint-error", "refresh", NULL);
}

static void
run_with_timeout (Fixture    *fixture,
                  const char *path,
                  gboolean    refresh,
                  Outcome    *outcome)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autoptr(MailOAuthTokenClient) client =
    mail_oauth_token_client_new (url, "client-1", NULL, "lab", "someone@example.test");

  /* The command's deadline is in 2 s, before the client's own limit. */
  mail_oauth_token_client_set_timeout (client, 30);
  mail_oauth_token_client_set_deadline (client, g_get_monotonic_time () + 2 * G_USEC_PER_SEC);
  if (refresh)
    mail_oauth_token_client_refresh_async (client, "old-refresh-token", NULL, NULL, done_cb,
                                           outcome);
  else
    mail_oauth_token_client_exchange_async (client, "the-code", "http://localhost:1234/",
                                            "the-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                            NULL, done_cb, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_deadline (Fixture       *fixture,
               gconstpointer  data)
{
  const struct { const char *path; gboolean refresh; const char *stage; } cases[] = {
    { "/drip", TRUE, "refresh" },
    { "/drip", FALSE, "token" },
    { "/never", TRUE, "refresh" },
    { "/never", FALSE, "token" },
  };

  /* A slow drip never trips libsoup's per-read timeout; the deadline still ends it, and the
   * words say it was a timeout and of which step. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Outcome outcome = { 0 };

      run_with_timeout (fixture, cases[i].path, cases[i].refresh, &outcome);
      g_assert_null (outcome.tokens);
      g_assert_true (mail_diagnosis_error_matches (outcome.error, MAIL_ERROR,
                                                   MAIL_ERROR_TIMEOUT));
      g_assert_nonnull (outcome.diagnosis);
      g_assert_cmpstr (outcome.diagnosis->code, ==, "oauth-endpoint-timeout");
      g_assert_cmpstr (outcome.diagnosis->stage, ==, cases[i].stage);
      g_assert_nonnull (strstr (mail_diagnosis_error_get_cause (outcome.error)->message,
                                cases[i].refresh ? "renewing" : "tokens"));
      outcome_clear (&outcome);
    }
}

static void
test_redirect_not_followed (Fixture       *fixture,
                            gconstpointer  data)
{
  Outcome outcome = { 0 };

  run (fixture, "/redirect", TRUE, NULL, &outcome);
  g_assert_null (outcome.tokens);
  g_assert_true (mail_diagnosis_error_matches (outcome.error, MAIL_ERROR, MAIL_ERROR_PROTOCOL));
  g_assert_nonnull (strstr (mail_diagnosis_error_get_cause (outcome.error)->message, "redirect"));
  g_assert_cmpstr (outcome.diagnosis->code, ==, "oauth-endpoint-error");
  g_assert_cmpstr (outcome.diagnosis->stage, ==, "refresh");
  /* The form with the refresh token did not go on to the redirect's target. */
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_form, "refresh_token"), ==,
                   "old-refresh-token");
  g_assert_null (fixture->last_path_after_redirect);
  outcome_clear (&outcome);
}

static void
test_plain_http_refused (void)
{
  const char *urls[] = { "http://192.0.2.1/token", "http://idp.example/token",
                         "ftp://127.0.0.1/token", "http:///token" };

  /* A token address from the keyring is checked like one from a provider file: no request
   * leaves (192.0.2.1 is a documentation address: a request would hang, not fail). */
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(MailOAuthTokenClient) client =
        mail_oauth_token_client_new (urls[i], "client-1", NULL, NULL, NULL);
      Outcome outcome = { 0 };

      mail_oauth_token_client_refresh_async (client, "rt-secret", NULL, NULL, done_cb, &outcome);
      while (!outcome.done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_null (outcome.tokens);
      g_assert_true (mail_diagnosis_error_matches (outcome.error, MAIL_ERROR,
                                                   MAIL_ERROR_INVALID_INPUT));
      g_assert_nonnull (strstr (mail_diagnosis_error_get_cause (outcome.error)->message,
                                "https"));
      g_assert_cmpstr (outcome.diagnosis->code, ==, "oauth-endpoint-error");
      g_assert_cmpstr (outcome.diagnosis->stage, ==, "refresh");
      outcome_clear (&outcome);
    }
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(MailOAuthTokenClient) client = NULL;
  g_autofree char *url = NULL;
  Outcome outcome = { 0 };

  /* A port that was just free: nothing listens there. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/token",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = mail_oauth_token_client_new (url, "client-1", NULL, NULL, NULL);
  mail_oauth_token_client_refresh_async (client, "rt", NULL, NULL, done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (outcome.tokens);
  g_assert_nonnull (outcome.diagnosis);
  g_assert_cmpstr (outcome.diagnosis->stage, ==, "refresh");
  outcome_clear (&outcome);
}

static void
test_parse (void)
{
  static const struct { const char *body; gboolean ok; } cases[] = {
    { "{\"access_token\":\"a\"}", TRUE },
    { "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":1}", TRUE },
    { "{\"access_token\":\"a\",\"expires_in\":\"3600\"}", TRUE },
    { "{\"access_token\":\"a\",\"expires_in\":3600.0}", TRUE },
    { "{\"access_token\":\"a\",\"token_type\":\"mac\"}", FALSE },
    { "{\"access_token\":\"a b\"}", FALSE },
    { "{\"access_token\":\"a\\nb\"}", FALSE },
    { "{\"access_token\":\"\"}", FALSE },
    { "{\"access_token\":5}", FALSE },
    { "{\"token_type\":\"Bearer\"}", FALSE },
    { "{\"access_token\":\"a\",\"expires_in\":-5}", FALSE },
    { "{\"access_token\":\"a\",\"expires_in\":\"soon\"}", FALSE },
    { "{\"access_token\":\"a\",\"expires_in\":1e300}", FALSE },
    { "{\"access_token\":\"a\",\"refresh_token\":[]}", FALSE },
    { "[]", FALSE },
    { "null", FALSE },
    { "", FALSE },
    { "<html></html>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailOAuthTokens) tokens =
        mail_oauth_tokens_parse (cases[i].body, strlen (cases[i].body), 1000, &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (tokens->access_token, ==, "a");
        }
      else
        {
          g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
          g_assert_null (tokens);
        }
    }
}

static void
test_redact (void)
{
  g_autofree char *json = mail_oauth_redact_body ("{\"access_token\": \"abc\\\"def\", "
                                                  "\"refresh_token\":\"r1\",\"error\":\"x\"}");
  g_autofree char *form = mail_oauth_redact_body ("error=x&access_token=abc&code=c1");
  g_autofree char *cut = mail_oauth_redact_body ("{\"access_token\":\"abcdef");

  g_assert_cmpstr (json, ==, "{\"access_token\": \"[removed]\", \"refresh_token\":\"[removed]\","
                             "\"error\":\"x\"}");
  g_assert_cmpstr (form, ==, "error=x&access_token=[removed]&code=[removed]");
  g_assert_null (strstr (cut, "abcdef"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/token-client/exchange-ok", test_exchange_ok);
  ADD ("/token-client/refresh-with-secret", test_refresh_with_secret);
  ADD ("/token-client/provider-errors", test_provider_errors);
  ADD ("/token-client/endpoint-errors", test_endpoint_errors);
  ADD ("/token-client/deadline", test_deadline);
  ADD ("/token-client/redirect-not-followed", test_redirect_not_followed);
  g_test_add_func ("/token-client/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/token-client/unreachable", test_unreachable);
  g_test_add_func ("/token-client/parse", test_parse);
  g_test_add_func ("/token-client/redact", test_redact);

  return g_test_run ();
}
