/* mail-oauth-token-client.c: the OAuth2 token endpoint (code exchange and refresh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mail-diagnosis-error.h"
#include "mail-json.h"
#include "mail-oauth-token-client.h"
#include "mail-types.h"

#define DEFAULT_TIMEOUT_S 30

G_DEFINE_BOXED_TYPE (MailOAuthTokens, mail_oauth_tokens, mail_oauth_tokens_copy,
                     mail_oauth_tokens_free)

MailOAuthTokens *
mail_oauth_tokens_copy (const MailOAuthTokens *tokens)
{
  MailOAuthTokens *copy;

  g_return_val_if_fail (tokens != NULL, NULL);

  copy = g_new0 (MailOAuthTokens, 1);
  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->token_type = g_strdup (tokens->token_type);
  copy->scope = g_strdup (tokens->scope);
  copy->expires_in = tokens->expires_in;
  copy->expires_at = tokens->expires_at;
  return copy;
}

void
mail_oauth_tokens_free (MailOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;

  mail_secret_free (tokens->access_token);
  mail_secret_free (tokens->refresh_token);
  g_free (tokens->token_type);
  g_free (tokens->scope);
  g_free (tokens);
}

static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer’s “%s” is not text."), name);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* expires_in is a number, but some endpoints send it as a string. */
static gboolean
get_expires_in (JsonObject  *object,
                gint64      *out,
                gboolean    *present,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, "expires_in");
  gint64 value = 0;

  *out = 0;
  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        value = json_node_get_int (node);
      else if (type == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (d >= 0 && d < (double) G_MAXINT32)
            value = (gint64) d;
          else
            value = -1;
        }
      else if (type == G_TYPE_STRING &&
               g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT32,
                                         &value, NULL))
        ;
      else
        value = -1;
    }
  else
    value = -1;

  /* Ten years is more than any access token lives; beyond is nonsense. */
  if (value < 0 || value > 10 * 365 * 24 * 3600)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer’s lifetime (expires_in) is not a valid number."));
      return FALSE;
    }

  *out = value;
  *present = TRUE;
  return TRUE;
}

MailOAuthTokens *
mail_oauth_tokens_parse (const char  *body,
                         gsize        length,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  gboolean has_expiry = FALSE;

  if (body == NULL || length == 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("The token answer is empty."));
      return NULL;
    }

  if (length > MAIL_OAUTH_MAX_BODY_SIZE)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("The token answer is too large."));
      return NULL;
    }

  if (!g_utf8_validate_len (body, length, NULL))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer is not UTF-8 text."));
      return NULL;
    }

  root = mail_json_parse_bounded (body, length, _("the token answer"), &local_error);
  if (root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer is not a JSON object."));
      return NULL;
    }

  object = json_node_get_object (root);
  tokens = g_new0 (MailOAuthTokens, 1);

  if (!get_optional_string (object, "access_token", &tokens->access_token, error) ||
      !get_optional_string (object, "refresh_token", &tokens->refresh_token, error) ||
      !get_optional_string (object, "token_type", &tokens->token_type, error) ||
      !get_optional_string (object, "scope", &tokens->scope, error) ||
      !get_expires_in (object, &tokens->expires_in, &has_expiry, error))
    return NULL;

  if (tokens->access_token == NULL || *tokens->access_token == '\0')
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer has no access token."));
      return NULL;
    }

  /* The token goes into SASL and a one-line helper output: no line breaks, no controls. */
  for (const char *p = tokens->access_token; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x21 || *p == 0x7f)
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                       _("The access token holds characters a token cannot have."));
          return NULL;
        }
    }

  if (tokens->refresh_token != NULL && *tokens->refresh_token == '\0')
    g_clear_pointer (&tokens->refresh_token, mail_secret_free);

  if (tokens->token_type != NULL && g_ascii_strcasecmp (tokens->token_type, "bearer") != 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The token answer has the token type “%s”, not Bearer."),
                   tokens->token_type);
      return NULL;
    }

  /* expires_in 0 is a token that is already expired, not one without an end. */
  if (has_expiry)
    tokens->expires_at = MAX (now + tokens->expires_in, 1);

  return g_steal_pointer (&tokens);
}

struct _MailOAuthTokenClient
{
  GObject       parent_instance;

  char         *token_url;
  char         *client_id;
  char         *client_secret;
  char         *provider_id;
  char         *email;
  guint         timeout_s;
  gint64        deadline;      /* monotonic µs, 0: none beyond timeout_s */
  GTlsDatabase *tls_database;
};

G_DEFINE_FINAL_TYPE (MailOAuthTokenClient, mail_oauth_token_client, G_TYPE_OBJECT)

static void
mail_oauth_token_client_finalize (GObject *object)
{
  MailOAuthTokenClient *self = MAIL_OAUTH_TOKEN_CLIENT (object);

  g_free (self->token_url);
  g_free (self->client_id);
  mail_secret_free (self->client_secret);
  g_free (self->provider_id);
  g_free (self->email);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (mail_oauth_token_client_parent_class)->finalize (object);
}

static void
mail_oauth_token_client_class_init (MailOAuthTokenClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mail_oauth_token_client_finalize;
}

static void
mail_oauth_token_client_init (MailOAuthTokenClient *self)
{
  self->timeout_s = DEFAULT_TIMEOUT_S;
}

MailOAuthTokenClient *
mail_oauth_token_client_new (const char *token_url,
                             const char *client_id,
                             const char *client_secret,
                             const char *provider_id,
                             const char *email)
{
  MailOAuthTokenClient *self;

  g_return_val_if_fail (token_url != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  self = g_object_new (MAIL_TYPE_OAUTH_TOKEN_CLIENT, NULL);
  self->token_url = g_strdup (token_url);
  self->client_id = g_strdup (client_id);
  self->client_secret = (client_secret != NULL && *client_secret != '\0')
                          ? g_strdup (client_secret) : NULL;
  self->provider_id = g_strdup (provider_id);
  self->email = g_strdup (email);
  return self;
}

void
mail_oauth_token_client_set_timeout (MailOAuthTokenClient *self,
                                     guint                 seconds)
{
  g_return_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self));

  self->timeout_s = seconds > 0 ? seconds : DEFAULT_TIMEOUT_S;
}

void
mail_oauth_token_client_set_deadline (MailOAuthTokenClient *self,
                                      gint64                deadline)
{
  g_return_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self));

  self->deadline = deadline;
}

void
mail_oauth_token_client_set_tls_database (MailOAuthTokenClient *self,
                                          GTlsDatabase         *database)
{
  g_return_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self));

  g_set_object (&self->tls_database, database);
}

typedef struct
{
  const char    *stage;        /* "token" or "refresh" (static) */
  GCancellable  *cancellable;  /* ours: cancelled by the caller's or at the deadline */
  GCancellable  *caller_cancellable;
  gulong         caller_handler;
  GSource       *deadline_source;
  gboolean       timed_out;
  guint          timeout_ms;   /* for the words: how long it waited */
  SoupSession   *session;
  SoupMessage   *message;
  char         **secrets;      /* values sent, scrubbed from anything shown */
} Request;

static void
request_free (Request *request)
{
  if (request->deadline_source != NULL)
    {
      g_source_destroy (request->deadline_source);
      g_source_unref (request->deadline_source);
    }
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->session);
  if (request->secrets != NULL)
    {
      for (guint i = 0; request->secrets[i] != NULL; i++)
        mail_secret_free (request->secrets[i]);
      g_free (request->secrets);
    }
  g_free (request);
}

/* Fails the request with error (taken) and the diagnosis for code (NULL: what the tables make
 * of status_text and body); context_error is what the diagnosis is told of the cause. */
static void
fail (GTask        *task,
      const char   *code,
      const char   *status_text,
      const char   *body,
      const GError *context_error,
      GError       *error)
{
  MailOAuthTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  MailDiagnosis *diagnosis;

  diagnosis = mail_oauth_diagnosis (code, request->stage, self->provider_id, self->email,
                                    self->token_url, status_text, body, context_error);
  g_task_return_error (task, mail_diagnosis_error_new (diagnosis, error));
  g_error_free (error);
}

static void
complete (GTask      *task,
          GByteArray *answer)
{
  Request *request = g_task_get_task_data (task);
  const char * const *secrets = (const char * const *) request->secrets;
  guint status = soup_message_get_status (request->message);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *body = mail_oauth_shown_body (answer, secrets);
  g_autofree char *error_code = NULL;
  GError *parse_error = NULL;
  MailOAuthTokens *tokens;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      tokens = mail_oauth_tokens_parse ((const char *) answer->data, answer->len,
                                        g_get_real_time () / G_USEC_PER_SEC, &parse_error);
      if (tokens != NULL)
        {
          g_task_return_pointer (task, tokens, (GDestroyNotify) mail_oauth_tokens_free);
          return;
        }

      /* A 2xx body may hold a token even when broken: never show it verbatim. */
      fail (task, "oauth-endpoint-error", status_text, parse_error->message, parse_error,
            parse_error);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location =
        soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                      "Location");
      g_autofree char *shown_location = location != NULL ? mail_oauth_scrub (location, secrets)
                                                         : NULL;
      g_autofree char *line = g_strdup_printf ("%u%s%s", status,
                                               shown_location != NULL ? " Location: " : "",
                                               shown_location != NULL ? shown_location : "");
      GError *error;

      /* A redirect would carry the code or refresh token to wherever it points. */
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                           _("The sign-in service answered with a redirect (HTTP %u) instead of "
                             "tokens. Token requests do not follow redirects: the provider’s "
                             "token address is probably out of date."), status);
      fail (task, "oauth-endpoint-error", line, error->message, error, error);
      return;
    }

  if (status >= 400 && status < 500 && (error_code = mail_oauth_error_code (answer)) != NULL)
    {
      fail (task, NULL, status_text, body, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                         _("The sign-in service refused the request (HTTP %u)."), status));
      return;
    }

  /* 5xx, HTML pages, redirects, malformed answers. */
  fail (task, "oauth-endpoint-error", status_text, body, NULL,
        g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                     _("The sign-in service gave an unusable answer (HTTP %u)."), status));
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GByteArray *answer;
  GError *error = NULL;

  answer = mail_oauth_post_finish (SOUP_SESSION (object), result, &error);
  if (answer != NULL)
    {
      complete (task, answer);
      mail_oauth_body_free (answer);
    }
  else if (g_error_matches (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL))
    {
      g_autofree char *status_text =
        g_strdup_printf ("%u", soup_message_get_status (request->message));

      /* Larger than any token answer can be. */
      fail (task, "oauth-endpoint-error", status_text,
            _("(the answer was larger than any token answer can be, and was not read to the "
              "end)"), NULL, error);
    }
  else if (request->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A cancellation at the deadline is a timeout with its own words. */
      guint seconds = (request->timeout_ms + 999) / 1000;

      g_clear_error (&error);
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                           g_str_equal (request->stage, "refresh")
                             ? g_dngettext (GETTEXT_PACKAGE,
                                            "The sign-in service did not finish renewing the "
                                            "sign-in within %u second.",
                                            "The sign-in service did not finish renewing the "
                                            "sign-in within %u seconds.", seconds)
                             : g_dngettext (GETTEXT_PACKAGE,
                                            "The sign-in service did not finish handing out the "
                                            "tokens within %u second.",
                                            "The sign-in service did not finish handing out the "
                                            "tokens within %u seconds.", seconds),
                           seconds);
      fail (task, "oauth-endpoint-timeout", NULL, NULL, error, error);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    fail (task, NULL, NULL, NULL, error, error);
}

static gboolean
token_url_is_secure (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || *host == '\0')
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_request (MailOAuthTokenClient *self,
               const char           *stage,
               GString              *form,          /* taken */
               char                **secrets,       /* taken */
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, start_request);

  request = g_new0 (Request, 1);
  request->stage = stage;
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (request->cancellable),
                                                       g_object_unref);
    }
  request->secrets = secrets;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (self->client_secret != NULL)
    mail_oauth_form_add (form, "client_secret", self->client_secret);

  /* Checked at every request, not only when the provider file was read: the URL of a
   * refresh comes from the keyring. */
  if (!token_url_is_secure (self->token_url))
    {
      mail_secret_free (g_string_free (form, FALSE));
      fail (task, "oauth-endpoint-error", NULL, NULL, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                         _("The token address “%s” is not an https address (plain http only "
                           "to this computer): Mail Setup does not send a sign-in over it."),
                         self->token_url));
      return;
    }

  request->message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (request->message == NULL)
    {
      mail_secret_free (g_string_free (form, FALSE));
      fail (task, "oauth-endpoint-error", NULL, NULL, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                         _("The token address “%s” is not a valid URL."), self->token_url));
      return;
    }

  /* A redirect is answered as such, never followed with the form. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  request->session = soup_session_new_with_options ("timeout", self->timeout_s,
                                                    "user-agent", "mail-setup/" PACKAGE_VERSION,
                                                    NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (request->session, self->tls_database);

  /* SoupSession's timeout is per read: an endpoint sending a byte now and then never trips
   * it. One timer bounds the whole request. */
  request->timeout_ms = self->timeout_s * 1000;
  if (self->deadline > 0)
    {
      gint64 left_ms = (self->deadline - g_get_monotonic_time ()) / 1000;

      request->timeout_ms = CLAMP (left_ms, 0, (gint64) request->timeout_ms);
    }
  request->deadline_source = g_timeout_source_new (request->timeout_ms);
  g_source_set_callback (request->deadline_source, deadline_cb, request, NULL);
  g_source_set_static_name (request->deadline_source, "[mail] token request deadline");
  g_source_attach (request->deadline_source, g_main_context_get_thread_default ());

  mail_oauth_post_async (request->session, request->message, form, request->cancellable,
                         post_cb, g_steal_pointer (&task));
}

void
mail_oauth_token_client_exchange_async (MailOAuthTokenClient *self,
                                        const char           *code,
                                        const char           *redirect_uri,
                                        const char           *code_verifier,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  GString *form = g_string_new (NULL);
  char **secrets;

  g_return_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self));
  g_return_if_fail (code != NULL && redirect_uri != NULL && code_verifier != NULL);

  mail_oauth_form_add (form, "grant_type", "authorization_code");
  mail_oauth_form_add (form, "code", code);
  mail_oauth_form_add (form, "redirect_uri", redirect_uri);
  mail_oauth_form_add (form, "client_id", self->client_id);
  mail_oauth_form_add (form, "code_verifier", code_verifier);

  secrets = g_new0 (char *, 4);
  secrets[0] = g_strdup (code);
  secrets[1] = g_strdup (code_verifier);
  /* Google's desktop "secret" is not secret, but it never needs to be shown either. */
  secrets[2] = g_strdup (self->client_secret);

  start_request (self, "token", form, secrets, cancellable, callback, user_data);
}

void
mail_oauth_token_client_refresh_async (MailOAuthTokenClient *self,
                                       const char           *refresh_token,
                                       const char           *scopes,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GString *form = g_string_new (NULL);
  char **secrets;

  g_return_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self));
  g_return_if_fail (refresh_token != NULL);

  mail_oauth_form_add (form, "grant_type", "refresh_token");
  mail_oauth_form_add (form, "refresh_token", refresh_token);
  mail_oauth_form_add (form, "client_id", self->client_id);
  if (scopes != NULL && *scopes != '\0')
    mail_oauth_form_add (form, "scope", scopes);

  secrets = g_new0 (char *, 3);
  secrets[0] = g_strdup (refresh_token);
  secrets[1] = g_strdup (self->client_secret);

  start_request (self, "refresh", form, secrets, cancellable, callback, user_data);
}

MailOAuthTokens *
mail_oauth_token_client_request_finish (MailOAuthTokenClient  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
