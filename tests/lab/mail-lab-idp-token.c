/* mail-lab-idp-token.c: the lab identity provider's /authorize (auto-approve), /token (code
 * with PKCE S256, refresh with rotation and reuse detection, failure modes) and /introspect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "mail-lab-idp.h"

static Grant *
grant_copy (const Grant *grant)
{
  Grant *copy = g_new0 (Grant, 1);

  copy->user = g_strdup (grant->user);
  copy->scope = g_strdup (grant->scope);
  copy->client_id = g_strdup (grant->client_id);
  copy->family = g_strdup (grant->family);
  return copy;
}

/* RFC 8252 §7.3: loopback redirect URIs match with any port. */
static gboolean
redirect_uri_allowed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (redirect_uri == NULL)
    return FALSE;
  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0;
}

static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               ...) G_GNUC_NULL_TERMINATED;

static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               ...)
{
  g_autoptr(GString) location = g_string_new (redirect_uri);
  char separator = strchr (redirect_uri, '?') ? '&' : '?';
  const char *name;
  va_list args;

  va_start (args, redirect_uri);
  while ((name = va_arg (args, const char *)))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_c (location, separator);
      g_string_append_uri_escaped (location, name, NULL, FALSE);
      g_string_append_c (location, '=');
      g_string_append_uri_escaped (location, value, NULL, FALSE);
      separator = '&';
    }
  va_end (args);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
}

/* The refusal of another tenant as a redirect with the error (authorize=tenant_redirect) rather
 * than a page; FALSE when the request cannot be redirected (the caller shows the page). */
gboolean
authorize_redirect_refusal (SoupServerMessage *msg,
                            GHashTable        *query,
                            const char        *description)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), LAB_CLIENT_ID) != 0
      || !redirect_uri_allowed (redirect_uri))
    return FALSE;
  redirect_with (msg, redirect_uri, "error", "invalid_request", "error_description", description,
                 "state", g_hash_table_lookup (form, "state"), NULL);
  return TRUE;
}

void
authorize_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *state = g_hash_table_lookup (form, "state");
  const char *challenge = g_hash_table_lookup (form, "code_challenge");
  const char *login_hint = g_hash_table_lookup (form, "login_hint");
  g_autofree char *code = NULL;
  Grant *grant;

  if (g_strcmp0 (client_id, LAB_CLIENT_ID) != 0)
    {
      g_autofree char *text = g_strdup_printf ("AADSTS700016: Application with identifier '%s' "
                                               "was not found in the directory 'Lab'.",
                                               client_id ? client_id : "");
      respond_html (msg, SOUP_STATUS_BAD_REQUEST, "Sorry, but we're having trouble signing you in.",
                    text);
      return;
    }

  /* Like Microsoft, a redirect URI the registration does not allow gets a page, no redirect. */
  if (g_str_equal (idp.authorize_mode, "redirect_mismatch") || !redirect_uri_allowed (redirect_uri))
    {
      g_autofree char *text = g_strdup_printf ("AADSTS50011: The redirect URI '%s' specified in the "
                                               "request does not match the redirect URIs "
                                               "configured for the application '%s'.",
                                               redirect_uri ? redirect_uri : "", LAB_CLIENT_ID);
      respond_html (msg, SOUP_STATUS_BAD_REQUEST, "Sorry, but we're having trouble signing you in.",
                    text);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (form, "response_type"), "code") != 0 ||
      challenge == NULL || *challenge == '\0' ||
      g_strcmp0 (g_hash_table_lookup (form, "code_challenge_method"), "S256") != 0)
    {
      redirect_with (msg, redirect_uri,
                     "error", "invalid_request",
                     "error_description", "AADSTS900144: The request body must contain "
                     "response_type=code, code_challenge and code_challenge_method=S256.",
                     "state", state,
                     NULL);
      return;
    }

  if (g_str_equal (idp.authorize_mode, "deny"))
    {
      redirect_with (msg, redirect_uri,
                     "error", "access_denied",
                     "error_description", "AADSTS65004: User declined to consent to access the app.",
                     "state", state,
                     NULL);
      return;
    }

  if (g_str_equal (idp.authorize_mode, "admin_consent"))
    {
      redirect_with (msg, redirect_uri,
                     "error", "access_denied",
                     "error_description", "AADSTS90094: The grant requires admin permission. "
                     "An administrator must approve the app 'Lab Mail' for the organisation.",
                     "state", state,
                     NULL);
      return;
    }

  code = random_token ("lab-code-");
  grant = g_new0 (Grant, 1);
  grant->user = g_ascii_strdown (login_hint && *login_hint ? login_hint : LAB_DEFAULT_USER, -1);
  grant->scope = scope_without_offline_access (g_hash_table_lookup (form, "scope"));
  grant->client_id = g_strdup (client_id);
  grant->redirect_uri = g_strdup (redirect_uri);
  grant->challenge = g_strdup (challenge);
  grant->expires = g_get_monotonic_time () + CODE_LIFETIME_USEC;
  g_hash_table_replace (idp.codes, g_strdup (code), grant);

  if (g_str_equal (idp.authorize_mode, "forge_state"))
    {
      g_autofree char *forged = random_token ("forged-");
      redirect_with (msg, redirect_uri, "code", code, "state", forged, NULL);
      return;
    }

  redirect_with (msg, redirect_uri, "code", code, "state", state, NULL);
}

static gboolean
pkce_matches (const char *verifier,
              const char *challenge)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *b64 = NULL;
  char *p;

  if (verifier == NULL || challenge == NULL)
    return FALSE;
  g_checksum_update (sum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (sum, digest, &len);
  b64 = g_base64_encode (digest, len);
  for (p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return g_str_equal (b64, challenge);
}

void
issue_tokens (SoupServerMessage *msg,
              const Grant       *grant)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *access = random_token ("lab-at-");
  g_autofree char *refresh = random_token ("lab-rt-");
  Grant *access_grant;

  if (grant->family == NULL)
    ((Grant *) grant)->family = g_uuid_string_random ();
  access_grant = grant_copy (grant);

  access_grant->expires = g_get_real_time () / G_USEC_PER_SEC + idp.lifetime;
  g_hash_table_replace (idp.access, g_strdup (access), access_grant);
  g_hash_table_replace (idp.refresh, g_strdup (refresh), grant_copy (grant));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token_type");
  json_builder_add_string_value (b, "Bearer");
  json_builder_set_member_name (b, "scope");
  json_builder_add_string_value (b, grant->scope);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, idp.lifetime);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "refresh_token");
  json_builder_add_string_value (b, refresh);
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

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

/* drip: a 200 whose body comes one byte every two seconds, without end. */
static void
start_drip (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  g_object_set_data (G_OBJECT (msg), "drip",
                     GUINT_TO_POINTER (g_timeout_add_seconds (2, drip_cb, msg)));
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (drip_finished_cb), NULL);
  soup_server_message_pause (msg);
}

/* Switched behaviours of /token. Returns TRUE when it answered. */
static gboolean
token_mode_answer (SoupServerMessage *msg)
{
  const char *mode = idp.token_mode;

  if (g_str_equal (mode, "500"))
    respond_html (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal Server Error",
                  "The service is temporarily unavailable.");
  else if (g_str_equal (mode, "html"))
    respond_html (msg, SOUP_STATUS_OK, "Sign in", "Please sign in to continue.");
  else if (g_str_equal (mode, "malformed"))
    respond (msg, SOUP_STATUS_OK, "application/json; charset=utf-8",
             "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":");
  else if (g_str_equal (mode, "invalid_grant"))
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 700082,
                         "The refresh token has expired due to inactivity. The token was issued "
                         "on 2020-01-01T00:00:00Z and was inactive for 90.00:00:00.");
  else if (g_str_equal (mode, "drip"))
    start_drip (msg);
  else if (g_str_equal (mode, "hang"))
    soup_server_message_pause (msg);   /* reads the request, never answers */
  else if (g_str_equal (mode, "invalid_client_secret"))
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_client", 7000218,
                         "The request body must contain the following parameter: "
                         "'client_assertion' or 'client_secret'.");
  else
    return FALSE;
  return TRUE;
}

static gboolean
family_matches (gpointer key,
                gpointer value,
                gpointer user_data)
{
  Grant *grant = value;

  return g_strcmp0 (grant->family, user_data) == 0;
}

void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;
  const char *client_id;
  const char *secret;

  if (!require_post (msg) || token_mode_answer (msg))
    return;

  form = request_form (msg, query);
  grant_type = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  secret = g_hash_table_lookup (form, "client_secret");

  if (!require_lab_client (msg, client_id))
    return;
  if (secret != NULL)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", 700025,
                           "Client is public so neither 'client_assertion' nor 'client_secret' "
                           "should be presented.");
      return;
    }

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    {
      const char *code = g_hash_table_lookup (form, "code");
      g_autofree char *key = NULL;
      Grant *grant = NULL;

      if (code && g_hash_table_contains (idp.used_codes, code))
        {
          respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 54005,
                               "OAuth2 Authorization code was already redeemed, please retry "
                               "with a new valid code or use an existing refresh token.");
          return;
        }
      if (code == NULL ||
          !g_hash_table_steal_extended (idp.codes, code, (gpointer *) &key, (gpointer *) &grant))
        {
          respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 9002313,
                               "Invalid request. Request is malformed or invalid.");
          return;
        }
      g_hash_table_add (idp.used_codes, g_steal_pointer (&key));

      if (grant->expires < g_get_monotonic_time ())
        respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70008,
                             "The provided authorization code or refresh token has expired due "
                             "to inactivity. Send a new interactive authorization request.");
      else if (g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), grant->redirect_uri) != 0)
        respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70002,
                             "The request redirect_uri does not match the one used in the "
                             "authorization request.");
      else if (!pkce_matches (g_hash_table_lookup (form, "code_verifier"), grant->challenge))
        respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 501481,
                             "The Code_Verifier does not match the code_challenge supplied in "
                             "the authorization request.");
      else
        issue_tokens (msg, grant);
      grant_free (grant);
      return;
    }

  if (g_strcmp0 (grant_type, "urn:ietf:params:oauth:grant-type:device_code") == 0)
    {
      device_token (msg, form);
      return;
    }

  if (g_strcmp0 (grant_type, "refresh_token") == 0)
    {
      const char *token = g_hash_table_lookup (form, "refresh_token");
      g_autofree char *key = NULL;
      Grant *grant = NULL;

      /* Reuse of a refresh token that was already exchanged: with reuse detection, as at
       * Microsoft and Auth0, every token of that sign-in is revoked. */
      if (token != NULL && idp.reuse_detection && g_hash_table_contains (idp.used_refresh, token))
        {
          const char *family = g_hash_table_lookup (idp.used_refresh, token);

          g_hash_table_foreach_remove (idp.refresh, family_matches, (gpointer) family);
          g_hash_table_foreach_remove (idp.access, family_matches, (gpointer) family);
          respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70000,
                               "The provided grant has been revoked: the refresh token was "
                               "used before (reuse detected), so every token of this sign-in "
                               "was revoked.");
          return;
        }

      /* Rotation: the old refresh token stops working once used. */
      if (token == NULL ||
          !g_hash_table_steal_extended (idp.refresh, token, (gpointer *) &key, (gpointer *) &grant))
        {
          respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 700082,
                               "The refresh token has expired due to inactivity or was revoked.");
          return;
        }
      g_hash_table_replace (idp.used_refresh, g_steal_pointer (&key), g_strdup (grant->family));
      issue_tokens (msg, grant);
      grant_free (grant);
      return;
    }

  respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", 70003,
                       "The app requested an unsupported grant type.");
}

/* Dovecot's oauth2 passdb: the token's user while it is valid. For the shared mailbox's master
 * passdb (delegate), only when its user was granted access to the shared mailbox (as an
 * Exchange administrator grants FullAccess). */
static void
introspect (SoupServerMessage *msg,
            GHashTable        *query,
            gboolean           delegate)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *token = g_hash_table_lookup (form, "token");
  Grant *grant = token ? g_hash_table_lookup (idp.access, token) : NULL;
  g_autofree char *user = grant != NULL ? g_ascii_strdown (grant->user, -1) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "active");
  if (grant == NULL || grant->expires <= g_get_real_time () / G_USEC_PER_SEC ||
      (delegate && !g_hash_table_contains (idp.delegates, user)))
    {
      json_builder_add_boolean_value (b, FALSE);
    }
  else
    {
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, grant->user);
      if (!delegate)
        {
          json_builder_set_member_name (b, "scope");
          json_builder_add_string_value (b, grant->scope);
          json_builder_set_member_name (b, "client_id");
          json_builder_add_string_value (b, grant->client_id);
          json_builder_set_member_name (b, "exp");
          json_builder_add_int_value (b, grant->expires);
        }
    }
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

void
introspect_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  introspect (msg, query, FALSE);
}

void
introspect_delegate_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  introspect (msg, query, TRUE);
}
