/* mail-lab-idp.c: the test lab's OAuth2 identity provider
 *
 * A small authorization server shaped like Microsoft's identity platform: /authorize answers
 * at once with a redirect (auto-approve), /token does the code (PKCE S256) and refresh grants
 * (refresh tokens rotate; with /control rotation=reuse_detection a reused one revokes every
 * token of its sign-in), /introspect serves Dovecot's oauth2 passdb, /settings is a page to
 * open, and /control switches failure behaviours for tests. Device-code sign-in (RFC 8628):
 * /devicecode hands out a device and a user code, /device/approve?user_code=…[&user=…]
 * [&deny=1] is the person entering it, and /token answers the device_code grant with
 * authorization_pending, slow_down, expired_token, access_denied or the tokens. The same
 * endpoints answer under /TENANT/oauth2/v2.0/{authorize,token,devicecode} as Microsoft's; with
 * single_tenant set (an app registered in one tenant), any other tenant, "common" included, is
 * refused with AADSTS50194. Listens on 127.0.0.1 only.
 * Tokens and codes are random and never printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#define LAB_CLIENT_ID       "lab-client"
#define LAB_DEFAULT_USER    "alice@example.test"
#define CODE_LIFETIME_USEC  (10 * G_USEC_PER_SEC * 60)
#define DEFAULT_LIFETIME    3600

typedef struct
{
  char   *user;
  char   *scope;
  char   *client_id;
  char   *redirect_uri;
  char   *challenge;
  char   *family;    /* one sign-in: its refresh and access tokens, for revoking them all */
  gint64  expires;   /* monotonic, codes; real time seconds, access tokens */
} Grant;

typedef struct
{
  char   *device_code;
  char   *user_code;
  char   *scope;
  char   *client_id;
  char   *user;      /* set on approval */
  int     state;     /* DEVICE_PENDING, DEVICE_APPROVED, DEVICE_DENIED */
  gint64  expires;   /* monotonic µs */
  gint64  interval;  /* seconds; slow_down adds 5 */
  gint64  last_poll; /* monotonic µs, 0 before the first */
} DeviceGrant;

enum { DEVICE_PENDING, DEVICE_APPROVED, DEVICE_DENIED };

typedef struct
{
  GHashTable *devices;        /* device code → DeviceGrant */
  char       *device_mode;    /* ok | slow_down (the next poll, once) | expired (every poll) */
  char       *single_tenant;  /* NULL, or the one tenant /TENANT/oauth2/v2.0/… accepts */
  GHashTable *delegates;      /* users granted access to the lab's shared mailbox */
  gint64      device_interval;
  gint64      device_lifetime;
  guint       device_polls;
  guint       device_too_early; /* polls sooner than the interval after the one before */
  GHashTable *codes;          /* code → Grant */
  GHashTable *used_codes;     /* code → NULL */
  GHashTable *refresh;        /* refresh token → Grant */
  GHashTable *access;         /* access token → Grant */
  GHashTable *used_refresh;   /* refresh token already used → family */
  gboolean    reuse_detection; /* a used refresh token revokes its family (Microsoft, Auth0) */
  char       *authorize_mode; /* ok | deny | admin_consent | redirect_mismatch | forge_state */
  char       *token_mode;     /* ok | 500 | html | malformed | invalid_grant | invalid_client_secret
                               | drip | hang */
  gint64      lifetime;
} Idp;

static Idp idp;

static void
grant_free (gpointer data)
{
  Grant *grant = data;

  g_free (grant->user);
  g_free (grant->scope);
  g_free (grant->client_id);
  g_free (grant->redirect_uri);
  g_free (grant->challenge);
  g_free (grant->family);
  g_free (grant);
}

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

static char *
random_token (const char *prefix)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();

  return g_strconcat (prefix, a, b, NULL);
}

static void
device_grant_free (gpointer data)
{
  DeviceGrant *grant = data;

  g_free (grant->device_code);
  g_free (grant->user_code);
  g_free (grant->scope);
  g_free (grant->client_id);
  g_free (grant->user);
  g_free (grant);
}

static void
idp_reset_modes (void)
{
  g_free (idp.authorize_mode);
  g_free (idp.token_mode);
  idp.authorize_mode = g_strdup ("ok");
  idp.token_mode = g_strdup ("ok");
  idp.lifetime = DEFAULT_LIFETIME;
  idp.reuse_detection = FALSE;
  g_free (idp.device_mode);
  idp.device_mode = g_strdup ("ok");
  g_clear_pointer (&idp.single_tenant, g_free);
  if (idp.delegates != NULL)
    g_hash_table_remove_all (idp.delegates);
  idp.device_interval = 1;
  idp.device_lifetime = 600;
  idp.device_polls = 0;
  idp.device_too_early = 0;
}

static GHashTable *
request_form (SoupServerMessage *msg,
              GHashTable        *query)
{
  SoupMessageBody *body;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    return query ? g_hash_table_ref (query) : g_hash_table_new (g_str_hash, g_str_equal);

  body = soup_server_message_get_request_body (msg);
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_form_decode (text);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

static void
respond_html (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *x = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                           "<title>%s</title></head>\n<body><h1>%s</h1>\n"
                                           "<p id=\"message\">%s</p>\n</body></html>\n",
                                           t, t, x);

  respond (msg, status, "text/html; charset=utf-8", page);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  respond (msg, status, "application/json; charset=utf-8", text);
}

/* Microsoft's error JSON: error, error_description (with the AADSTS code), error_codes. */
static void
respond_oauth_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error,
                     int                aadsts,
                     const char        *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *full = g_strdup_printf ("AADSTS%d: %s", aadsts, description);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, full);
  json_builder_set_member_name (b, "error_codes");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, aadsts);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, stamp);
  json_builder_end_object (b);
  respond_json (msg, status, b);
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

static char *
scope_without_offline_access (const char *scope)
{
  g_auto(GStrv) words = g_strsplit (scope ? scope : "", " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0' || g_str_equal (words[i], "offline_access"))
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
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

static void
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
static void device_token (SoupServerMessage *msg, GHashTable *form);

static void
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

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", 900561,
                           "The endpoint only accepts POST requests.");
      return;
    }
  if (token_mode_answer (msg))
    return;

  form = request_form (msg, query);
  grant_type = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  secret = g_hash_table_lookup (form, "client_secret");

  if (g_strcmp0 (client_id, LAB_CLIENT_ID) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client", 700016,
                           "Application was not found in the directory 'Lab'.");
      return;
    }
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

/* "BCDF-GHJK": letters people do not confuse, as Microsoft's codes. */
static char *
random_user_code (void)
{
  static const char letters[] = "BCDFGHJKLMNPQRSTVWXZ";
  char code[10];

  for (guint i = 0; i < 9; i++)
    code[i] = i == 4 ? '-' : letters[g_random_int_range (0, sizeof letters - 1)];
  code[9] = '\0';
  return g_strdup (code);
}

static void
devicecode_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *verification = NULL;
  g_autofree char *complete = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *client_id;
  const char *scope;
  DeviceGrant *grant;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", 900561,
                           "The endpoint only accepts POST requests.");
      return;
    }
  form = request_form (msg, query);
  client_id = g_hash_table_lookup (form, "client_id");
  scope = g_hash_table_lookup (form, "scope");
  if (g_strcmp0 (client_id, LAB_CLIENT_ID) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client", 700016,
                           "Application was not found in the directory 'Lab'.");
      return;
    }
  if (scope == NULL || *scope == '\0')
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                           "The request body must contain the following parameter: 'scope'.");
      return;
    }

  grant = g_new0 (DeviceGrant, 1);
  grant->device_code = random_token ("lab-dc-");
  grant->user_code = random_user_code ();
  grant->scope = scope_without_offline_access (scope);
  grant->client_id = g_strdup (client_id);
  grant->state = DEVICE_PENDING;
  grant->expires = g_get_monotonic_time () + idp.device_lifetime * G_USEC_PER_SEC;
  grant->interval = idp.device_interval;
  g_hash_table_replace (idp.devices, g_strdup (grant->device_code), grant);

  verification = g_strdup_printf ("http://127.0.0.1:%d/device", g_uri_get_port (uri));
  complete = g_strdup_printf ("%s?user_code=%s", verification, grant->user_code);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_code");
  json_builder_add_string_value (b, grant->device_code);
  json_builder_set_member_name (b, "user_code");
  json_builder_add_string_value (b, grant->user_code);
  json_builder_set_member_name (b, "verification_uri");
  json_builder_add_string_value (b, verification);
  json_builder_set_member_name (b, "verification_uri_complete");
  json_builder_add_string_value (b, complete);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, idp.device_lifetime);
  json_builder_set_member_name (b, "interval");
  json_builder_add_int_value (b, idp.device_interval);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "To sign in, open the lab device page and enter the code.");
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

static gboolean
user_code_matches (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  DeviceGrant *grant = value;

  return g_ascii_strcasecmp (grant->user_code, user_data) == 0;
}

/* The person on the other device: /device shows a form; /device/approve?user_code=X
 * [&user=EMAIL] [&deny=1] enters the code and says yes (as EMAIL, default alice) or no. */
static void
device_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  const char *user_code = g_hash_table_lookup (form, "user_code");
  const char *user = g_hash_table_lookup (form, "user");
  DeviceGrant *grant;

  if (!g_str_equal (path, "/device/approve"))
    {
      respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Enter code</title>"
               "</head>\n<body><h1>Enter code</h1>\n"
               "<form method=\"get\" action=\"/device/approve\"><input name=\"user_code\">"
               "<button id=\"approve\" type=\"submit\">Next</button></form>\n</body></html>\n");
      return;
    }

  grant = user_code != NULL ? g_hash_table_find (idp.devices, user_code_matches,
                                                 (gpointer) user_code) : NULL;
  if (grant == NULL || grant->state != DEVICE_PENDING ||
      grant->expires < g_get_monotonic_time ())
    {
      respond_html (msg, SOUP_STATUS_NOT_FOUND, "Enter code",
                    "AADSTS70020: The code you entered has expired or is not valid.");
      return;
    }

  if (g_hash_table_lookup (form, "deny") != NULL)
    {
      grant->state = DEVICE_DENIED;
      respond_html (msg, SOUP_STATUS_OK, "Sign-in cancelled", "You declined to sign in.");
      return;
    }
  grant->state = DEVICE_APPROVED;
  g_free (grant->user);
  grant->user = g_strdup (user != NULL ? user : LAB_DEFAULT_USER);
  respond_html (msg, SOUP_STATUS_OK, "You are signed in",
                "You have signed in to the Mail Setup application on your device. You may now "
                "close this window.");
}

/* grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4, §3.5). */
static void
device_token (SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *device_code = g_hash_table_lookup (form, "device_code");
  DeviceGrant *grant = device_code != NULL ? g_hash_table_lookup (idp.devices, device_code)
                                           : NULL;
  gint64 now = g_get_monotonic_time ();

  if (grant == NULL)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70000,
                           "The provided value for the input parameter 'device_code' is not "
                           "valid.");
      return;
    }

  idp.device_polls++;
  /* A client that asks again before the interval is over (200 ms of slack for timers). */
  if (grant->last_poll > 0 &&
      now - grant->last_poll < grant->interval * G_USEC_PER_SEC - G_USEC_PER_SEC / 5)
    idp.device_too_early++;
  grant->last_poll = now;

  if (g_str_equal (idp.device_mode, "expired") || grant->expires < now)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "expired_token", 70019,
                           "Verification code expired.");
      return;
    }
  if (g_str_equal (idp.device_mode, "slow_down"))
    {
      g_free (idp.device_mode);
      idp.device_mode = g_strdup ("ok");
      grant->interval += 5;
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "slow_down", 70016,
                           "The client is polling too often.");
      return;
    }

  switch (grant->state)
    {
    case DEVICE_PENDING:
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "authorization_pending", 70016,
                           "OAuth 2.0 device flow error. Authorization is pending. Continue "
                           "polling.");
      return;
    case DEVICE_DENIED:
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "access_denied", 70000,
                           "The user declined to sign in.");
      g_hash_table_remove (idp.devices, device_code);
      return;
    default:
      {
        Grant token_grant = { .user = grant->user, .scope = grant->scope,
                              .client_id = grant->client_id };

        issue_tokens (msg, &token_grant);
        g_hash_table_remove (idp.devices, device_code);
      }
    }
}

static void
introspect_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *token = g_hash_table_lookup (form, "token");
  Grant *grant = token ? g_hash_table_lookup (idp.access, token) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "active");
  if (grant == NULL || grant->expires <= g_get_real_time () / G_USEC_PER_SEC)
    {
      json_builder_add_boolean_value (b, FALSE);
    }
  else
    {
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, grant->user);
      json_builder_set_member_name (b, "scope");
      json_builder_add_string_value (b, grant->scope);
      json_builder_set_member_name (b, "client_id");
      json_builder_add_string_value (b, grant->client_id);
      json_builder_set_member_name (b, "exp");
      json_builder_add_int_value (b, grant->expires);
    }
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

/* Dovecot's master passdb for the shared mailbox: the token is valid and its user was granted
 * access to the shared mailbox (as an Exchange administrator grants FullAccess). */
static void
introspect_delegate_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *token = g_hash_table_lookup (form, "token");
  Grant *grant = token ? g_hash_table_lookup (idp.access, token) : NULL;
  g_autofree char *user = grant != NULL ? g_ascii_strdown (grant->user, -1) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "active");
  if (grant == NULL || grant->expires <= g_get_real_time () / G_USEC_PER_SEC ||
      !g_hash_table_contains (idp.delegates, user))
    json_builder_add_boolean_value (b, FALSE);
  else
    {
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, grant->user);
    }
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

static void
settings_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
           "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>IMAP settings</title>"
           "</head>\n<body><h1>IMAP settings</h1>\n"
           "<p>Let devices and apps use IMAP.</p>\n"
           "<form method=\"get\" action=\"/settings\"><button id=\"enable-imap\" "
           "type=\"submit\" name=\"imap\" value=\"on\">Turn on IMAP</button></form>\n"
           "</body></html>\n");
}

static gboolean
user_matches (gpointer key,
              gpointer value,
              gpointer user_data)
{
  Grant *grant = value;

  return g_ascii_strcasecmp (grant->user, user_data) == 0;
}

static void
respond_control_state (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "authorize");
  json_builder_add_string_value (b, idp.authorize_mode);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, idp.token_mode);
  json_builder_set_member_name (b, "lifetime");
  json_builder_add_int_value (b, idp.lifetime);
  json_builder_set_member_name (b, "rotation");
  json_builder_add_string_value (b, idp.reuse_detection ? "reuse_detection" : "rotate");
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, idp.device_mode);
  json_builder_set_member_name (b, "device_polls");
  json_builder_add_int_value (b, idp.device_polls);
  json_builder_set_member_name (b, "device_too_early");
  json_builder_add_int_value (b, idp.device_too_early);
  json_builder_set_member_name (b, "single_tenant");
  if (idp.single_tenant != NULL)
    json_builder_add_string_value (b, idp.single_tenant);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char * const authorize_modes[] = {
    "ok", "deny", "admin_consent", "redirect_mismatch", "forge_state", NULL
  };
  static const char * const token_modes[] = {
    "ok", "500", "html", "malformed", "invalid_grant", "invalid_client_secret", "drip", "hang",
    NULL
  };
  static const char * const device_modes[] = { "ok", "slow_down", "expired", NULL };
  g_autoptr(GHashTable) form = NULL;
  const char *value;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond_control_state (msg);
      return;
    }
  if (g_str_equal (path, "/control/reset"))
    {
      idp_reset_modes ();
      respond_control_state (msg);
      return;
    }

  form = request_form (msg, query);
  if ((value = g_hash_table_lookup (form, "authorize")))
    {
      if (!g_strv_contains (authorize_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown authorize mode\n");
          return;
        }
      g_free (idp.authorize_mode);
      idp.authorize_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "token")))
    {
      if (!g_strv_contains (token_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown token mode\n");
          return;
        }
      g_free (idp.token_mode);
      idp.token_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "lifetime")))
    {
      char *end = NULL;
      gint64 lifetime = g_ascii_strtoll (value, &end, 10);

      if (end == value || *end != '\0' || lifetime < 0)
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "bad lifetime\n");
          return;
        }
      idp.lifetime = lifetime;
    }
  if ((value = g_hash_table_lookup (form, "rotation")))
    {
      if (!g_str_equal (value, "rotate") && !g_str_equal (value, "reuse_detection"))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown rotation\n");
          return;
        }
      idp.reuse_detection = g_str_equal (value, "reuse_detection");
    }
  if ((value = g_hash_table_lookup (form, "device")))
    {
      if (!g_strv_contains (device_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown device mode\n");
          return;
        }
      g_free (idp.device_mode);
      idp.device_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "delegate")))
    g_hash_table_add (idp.delegates, g_ascii_strdown (value, -1));
  if ((value = g_hash_table_lookup (form, "undelegate")))
    {
      g_autofree char *lower = g_ascii_strdown (value, -1);

      g_hash_table_remove (idp.delegates, lower);
    }
  if ((value = g_hash_table_lookup (form, "single_tenant")))
    {
      g_free (idp.single_tenant);
      idp.single_tenant = *value != '\0' ? g_strdup (value) : NULL;
    }
  if ((value = g_hash_table_lookup (form, "device_interval")))
    idp.device_interval = CLAMP (g_ascii_strtoll (value, NULL, 10), 1, 60);
  if ((value = g_hash_table_lookup (form, "device_lifetime")))
    idp.device_lifetime = CLAMP (g_ascii_strtoll (value, NULL, 10), 1, 3600);
  if ((value = g_hash_table_lookup (form, "revoke")))
    {
      g_hash_table_foreach_remove (idp.refresh, user_matches, (gpointer) value);
      g_hash_table_foreach_remove (idp.access, user_matches, (gpointer) value);
    }
  respond_control_state (msg);
}

static void
not_found_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  const char *tenant;
  const char *endpoint;

  /* "", TENANT, "oauth2", "v2.0", ENDPOINT */
  if (g_strv_length (parts) != 5 || *parts[1] == '\0' || !g_str_equal (parts[2], "oauth2") ||
      !g_str_equal (parts[3], "v2.0"))
    {
      respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found\n");
      return;
    }
  tenant = parts[1];
  endpoint = parts[4];

  if (idp.single_tenant != NULL && g_ascii_strcasecmp (tenant, idp.single_tenant) != 0)
    {
      const char *text = "Application 'lab-client' is not configured as a multi-tenant "
                         "application. Usage of the /common endpoint is not supported for such "
                         "applications created after '10/15/2018'. Use a tenant-specific "
                         "endpoint or configure the application to be multi-tenant.";

      if (g_str_equal (endpoint, "authorize"))
        {
          g_autofree char *full = g_strconcat ("AADSTS50194: ", text, NULL);

          respond_html (msg, SOUP_STATUS_BAD_REQUEST,
                        "Sorry, but we're having trouble signing you in.", full);
        }
      else
        respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", 50194, text);
      return;
    }

  if (g_str_equal (endpoint, "authorize"))
    authorize_cb (server, msg, "/authorize", query, user_data);
  else if (g_str_equal (endpoint, "token"))
    token_cb (server, msg, "/token", query, user_data);
  else if (g_str_equal (endpoint, "devicecode"))
    devicecode_cb (server, msg, "/devicecode", query, user_data);
  else
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;
  int port = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { NULL }
  };

  context = g_option_context_new ("- Mail Setup lab identity provider");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mail-lab-idp: %s\n", error->message);
      return 2;
    }

  idp.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.used_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  idp.refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.access = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.used_refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  idp.devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_grant_free);
  idp.delegates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  idp_reset_modes ();

  server = soup_server_new ("server-header", "mail-lab-idp", NULL);
  soup_server_add_handler (server, NULL, not_found_cb, NULL, NULL);
  soup_server_add_handler (server, "/authorize", authorize_cb, NULL, NULL);
  soup_server_add_handler (server, "/token", token_cb, NULL, NULL);
  soup_server_add_handler (server, "/introspect", introspect_cb, NULL, NULL);
  soup_server_add_handler (server, "/introspect-delegate", introspect_delegate_cb, NULL, NULL);
  soup_server_add_handler (server, "/settings", settings_cb, NULL, NULL);
  soup_server_add_handler (server, "/control", control_cb, NULL, NULL);
  soup_server_add_handler (server, "/devicecode", devicecode_cb, NULL, NULL);
  soup_server_add_handler (server, "/device", device_cb, NULL, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("mail-lab-idp: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  g_print ("%u\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
