/* test-oauth-flow.c: authorize URL, redirect URI, client ID resolution and the flow itself,
 * with the test as the browser and a SoupServer as the token endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "mail-diagnosis-error.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-flow.h"
#include "mail-pkce.h"
#include "mail-types.h"

static char *config_dir;

static GHashTable *
query_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);

  g_assert_nonnull (uri);
  return g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
}

static MailProviderRegistry *
builtin_registry (void)
{
  MailProviderRegistry *registry = mail_provider_registry_new ();

  mail_provider_registry_load_defaults (registry);
  return registry;
}

static void
write_settings (const char *text)
{
  g_autofree char *dir = g_build_filename (config_dir, "mail-setup", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (text == NULL)
    g_unlink (path);
  else
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_redirect_uri (void)
{
  g_autoptr(MailProviderRegistry) registry = builtin_registry ();
  g_autofree char *outlook = NULL;
  g_autofree char *m365 = NULL;
  g_autofree char *gmail = NULL;

  outlook = mail_oauth_build_redirect_uri (mail_provider_registry_lookup (registry, "outlook"),
                                           50123);
  m365 = mail_oauth_build_redirect_uri (mail_provider_registry_lookup (registry, "microsoft365"),
                                        80);
  gmail = mail_oauth_build_redirect_uri (mail_provider_registry_lookup (registry, "gmail"), 4242);

  /* Microsoft registers http://localhost (any port); Google wants the IP literal. */
  g_assert_cmpstr (outlook, ==, "http://localhost:50123/");
  g_assert_cmpstr (m365, ==, "http://localhost:80/");
  g_assert_cmpstr (gmail, ==, "http://127.0.0.1:4242/");
}

static void
test_authorize_url (void)
{
  g_autoptr(MailProviderRegistry) registry = builtin_registry ();
  MailProvider *outlook = mail_provider_registry_lookup (registry, "outlook");
  MailProvider *gmail = mail_provider_registry_lookup (registry, "gmail");
  g_autofree char *url = NULL;
  g_autofree char *gurl = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GHashTable) gquery = NULL;

  url = mail_oauth_build_authorize_url (outlook, "00000000-aaaa-bbbb-cccc-000000000000",
                                        "http://localhost:1234/", "the-state", "the-challenge",
                                        "someone+tag@outlook.com");
  g_assert_true (g_str_has_prefix (url,
                 "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?"));
  query = query_of (url);
  g_assert_cmpstr (g_hash_table_lookup (query, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==,
                   "00000000-aaaa-bbbb-cccc-000000000000");
  g_assert_cmpstr (g_hash_table_lookup (query, "redirect_uri"), ==, "http://localhost:1234/");
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==,
                   "https://outlook.office.com/IMAP.AccessAsUser.All "
                   "https://outlook.office.com/SMTP.Send offline_access");
  g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, "the-state");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge"), ==, "the-challenge");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (query, "login_hint"), ==, "someone+tag@outlook.com");
  /* Never a secret in the URL. */
  g_assert_false (g_hash_table_contains (query, "client_secret"));

  gurl = mail_oauth_build_authorize_url (gmail, "id.apps.googleusercontent.com",
                                         "http://127.0.0.1:1/", "s", "c", NULL);
  gquery = query_of (gurl);
  g_assert_cmpstr (g_hash_table_lookup (gquery, "scope"), ==, "https://mail.google.com/");
  g_assert_cmpstr (g_hash_table_lookup (gquery, "access_type"), ==, "offline");
  g_assert_cmpstr (g_hash_table_lookup (gquery, "prompt"), ==, "consent");
  g_assert_false (g_hash_table_contains (gquery, "login_hint"));
}

static void
test_client_id_resolution (void)
{
  g_autoptr(MailProviderRegistry) registry = builtin_registry ();
  MailProvider *outlook = mail_provider_registry_lookup (registry, "outlook");
  MailProvider *m365 = mail_provider_registry_lookup (registry, "microsoft365");
  MailProvider *gmail = mail_provider_registry_lookup (registry, "gmail");
  MailProvider *icloud = mail_provider_registry_lookup (registry, "icloud");
  g_autofree char *option = NULL;
  char *id = NULL;
  char *secret = NULL;
  gboolean found;

  g_clear_pointer (&option, g_free);
  option = mail_oauth_client_id_option (outlook);
  g_assert_cmpstr (option, ==, "microsoft");
  g_clear_pointer (&option, g_free);
  option = mail_oauth_client_id_option (m365);
  g_assert_cmpstr (option, ==, "microsoft");
  g_clear_pointer (&option, g_free);
  option = mail_oauth_client_id_option (gmail);
  g_assert_cmpstr (option, ==, "google");
  g_clear_pointer (&option, g_free);
  option = mail_oauth_client_id_option (icloud);
  g_assert_null (option);

  /* Nothing in the settings: the build option, when this build has one. */
  write_settings (NULL);
  found = mail_oauth_client_id_resolve (outlook, &id, &secret, NULL);
  g_assert_cmpint (found, ==, *MAIL_SETUP_MICROSOFT_CLIENT_ID != '\0');
  if (found)
    g_assert_cmpstr (id, ==, MAIL_SETUP_MICROSOFT_CLIENT_ID);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&secret, g_free);

  /* The per-user setting wins, per provider id. */
  write_settings ("[OAuth2]\n"
                  "outlook-client-id = 11111111-2222-3333-4444-555555555555\n"
                  "gmail-client-id=123-abc.apps.googleusercontent.com\n"
                  "gmail-client-secret=GOCSPX-not-really-secret\n");
  g_assert_true (mail_oauth_client_id_resolve (outlook, &id, &secret, NULL));
  g_assert_cmpstr (id, ==, "11111111-2222-3333-4444-555555555555");
  g_assert_null (secret);
  g_clear_pointer (&id, g_free);
  g_assert_true (mail_oauth_client_id_resolve (gmail, &id, &secret, NULL));
  g_assert_cmpstr (id, ==, "123-abc.apps.googleusercontent.com");
  g_assert_cmpstr (secret, ==, "GOCSPX-not-really-secret");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&secret, g_free);
  /* microsoft365 is another provider id: outlook's setting does not apply to it. */
  found = mail_oauth_client_id_resolve (m365, &id, &secret, NULL);
  g_assert_cmpint (found, ==, *MAIL_SETUP_MICROSOFT_CLIENT_ID != '\0');
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&secret, g_free);
  write_settings (NULL);
}

/* --- the flow, with the test as the browser ------------------------------------------------ */

typedef struct
{
  SoupServer      *server;
  char            *base;
  char            *challenge;     /* from the authorize URL */
  char            *redirect_uri;
  char            *state;
  const char      *answer;        /* query the "browser" sends back, STATE = the state */
  gboolean         done;
  MailOAuthTokens *tokens;
  const MailDiagnosis *diagnosis;  /* the one the error carries */
  GError          *error;
  gboolean         token_checked;
} Flow;

static void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Flow *flow = user_data;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *form_text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (form_text);
  g_autofree char *challenge = NULL;
  static const char body[] = "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":60,"
                             "\"token_type\":\"Bearer\"}";

  /* What a real endpoint checks: the code, the same redirect URI, the PKCE verifier. */
  challenge = mail_pkce_challenge_s256 (g_hash_table_lookup (form, "code_verifier"));
  g_assert_cmpstr (challenge, ==, flow->challenge);
  g_assert_true (mail_pkce_verifier_is_valid (g_hash_table_lookup (form, "code_verifier")));
  g_assert_cmpstr (g_hash_table_lookup (form, "redirect_uri"), ==, flow->redirect_uri);
  g_assert_cmpstr (g_hash_table_lookup (form, "code"), ==, "code-from-browser");
  g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, "flow-client");
  flow->token_checked = TRUE;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static void
browser_reply_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* The flow's answer page is not under test here: just finish the request. */
  g_autoptr(GBytes) body G_GNUC_UNUSED =
    soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
}

static void
authorize_url_cb (MailOAuthFlow *oauth_flow,
                  const char    *url,
                  Flow          *flow)
{
  g_autoptr(GHashTable) query = query_of (url);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *callback_url = NULL;

  g_assert_cmpstr (url, ==, mail_oauth_flow_get_authorize_url (oauth_flow));
  flow->challenge = g_strdup (g_hash_table_lookup (query, "code_challenge"));
  flow->redirect_uri = g_strdup (g_hash_table_lookup (query, "redirect_uri"));
  flow->state = g_strdup (g_hash_table_lookup (query, "state"));
  g_assert_cmpuint (strlen (flow->state), ==, 43);
  g_assert_true (g_str_has_prefix (flow->redirect_uri, "http://127.0.0.1:"));

  /* The browser comes back to the redirect URI. */
  {
    GString *text = g_string_new (flow->answer);

    g_string_replace (text, "STATE", flow->state, 0);
    answer = g_string_free (text, FALSE);
  }
  callback_url = g_strconcat (flow->redirect_uri, "?", answer, NULL);
  message = soup_message_new (SOUP_METHOD_GET, callback_url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    browser_reply_cb, NULL);
}

static void
flow_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Flow *flow = user_data;

  flow->tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &flow->error);
  flow->diagnosis = mail_diagnosis_from_error (flow->error);
  flow->done = TRUE;
}

static void
run_flow (Flow       *flow,
          const char *client_id,
          const char *answer)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(MailProvider) provider = NULL;
  g_autoptr(MailOAuthFlow) oauth_flow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GSList *uris;

  flow->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (flow->server, "/token", token_cb, flow, NULL);
  g_assert_true (soup_server_listen_local (flow->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL));
  uris = soup_server_get_uris (flow->server);
  flow->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  flow->answer = answer;

  text = g_strdup_printf ("[Provider]\nId=flowtest\nName=Flow Test\nDomains=flow.test\n"
                          "[IMAP]\nHost=localhost\nPort=993\nSecurity=tls\n"
                          "Authentication=oauth2\nUsername=%%EMAIL%%\n"
                          "[SMTP]\nHost=localhost\nPort=465\nSecurity=tls\n"
                          "Authentication=oauth2\nUsername=%%EMAIL%%\n"
                          "[OAuth2]\nAuthorizeUrl=%sauthorize?tenant=x\nTokenUrl=%stoken\n"
                          "ClientId=%s\nScopes=imap offline_access\n",
                          flow->base, flow->base, client_id);
  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error));
  provider = mail_provider_new_from_keyfile (keyfile, "flowtest.provider", &error);
  g_assert_no_error (error);

  oauth_flow = mail_oauth_flow_new (provider, "someone@flow.test");
  mail_oauth_flow_set_open_browser (oauth_flow, FALSE);
  mail_oauth_flow_set_timeout (oauth_flow, 20);
  g_signal_connect (oauth_flow, "authorize-url", G_CALLBACK (authorize_url_cb), flow);
  mail_oauth_flow_run_async (oauth_flow, NULL, flow_done_cb, flow);
  while (!flow->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
flow_clear (Flow *flow)
{
  soup_server_disconnect (flow->server);
  g_clear_object (&flow->server);
  g_free (flow->base);
  g_free (flow->challenge);
  g_free (flow->redirect_uri);
  g_free (flow->state);
  g_clear_pointer (&flow->tokens, mail_oauth_tokens_free);
  flow->diagnosis = NULL;
  g_clear_error (&flow->error);
}

static void
test_flow_code (void)
{
  Flow flow = { 0 };

  run_flow (&flow, "flow-client", "code=code-from-browser&state=STATE");
  g_assert_no_error (flow.error);
  g_assert_true (flow.token_checked);
  g_assert_cmpstr (flow.tokens->access_token, ==, "at");
  g_assert_cmpstr (flow.tokens->refresh_token, ==, "rt");
  g_assert_null (flow.diagnosis);
  flow_clear (&flow);
}

static void
test_flow_declined (void)
{
  Flow flow = { 0 };

  run_flow (&flow, "flow-client",
            "error=access_denied&error_description=AADSTS65004%3A+User+declined&state=STATE");
  g_assert_null (flow.tokens);
  g_assert_false (flow.token_checked);
  g_assert_nonnull (flow.diagnosis);
  g_assert_cmpstr (flow.diagnosis->code, ==, "oauth-consent-declined");
  g_assert_cmpstr (flow.diagnosis->stage, ==, "authorize");
  flow_clear (&flow);
}

static void
test_flow_forged_state (void)
{
  Flow flow = { 0 };

  run_flow (&flow, "flow-client", "code=code-from-browser&state=not-STATE");
  g_assert_null (flow.tokens);
  g_assert_false (flow.token_checked);
  g_assert_cmpstr (flow.diagnosis->code, ==, "oauth-state-mismatch");
  flow_clear (&flow);
}

static void
test_flow_client_id_missing (void)
{
  Flow flow = { 0 };

  /* No ClientId in the file, none in the settings, no build option named. */
  write_settings (NULL);
  run_flow (&flow, "", "code=x&state=STATE");
  g_assert_null (flow.tokens);
  g_assert_null (flow.state);  /* no browser, no listener */
  g_assert_cmpstr (flow.diagnosis->code, ==, "oauth-client-id-missing");
  flow_clear (&flow);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Settings of our own, before GLib reads the variable. */
  config_dir = g_dir_make_tmp ("mail-setup-flow-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth-flow/redirect-uri", test_redirect_uri);
  g_test_add_func ("/oauth-flow/authorize-url", test_authorize_url);
  g_test_add_func ("/oauth-flow/client-id-resolution", test_client_id_resolution);
  g_test_add_func ("/oauth-flow/code", test_flow_code);
  g_test_add_func ("/oauth-flow/declined", test_flow_declined);
  g_test_add_func ("/oauth-flow/forged-state", test_flow_forged_state);
  g_test_add_func ("/oauth-flow/client-id-missing", test_flow_client_id_missing);

  status = g_test_run ();
  {
    g_autofree char *dir = g_build_filename (config_dir, "mail-setup", NULL);

    g_rmdir (dir);
    g_rmdir (config_dir);
    g_free (config_dir);
  }
  return status;
}
