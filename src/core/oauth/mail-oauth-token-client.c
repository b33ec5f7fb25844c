/* mail-oauth-token-client.c: the OAuth2 token endpoint (code exchange and refresh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mail-json.h"
#include "mail-oauth-token-client.h"
#include "mail-types.h"

#define DEFAULT_TIMEOUT_S 30
#define READ_CHUNK (16 * 1024)
/* What of an endpoint's answer is shown to people: enough for any error text. */
#define MAX_SHOWN_BODY 2000

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

char *
mail_oauth_redact_body (const char *body)
{
  static GRegex *json_regex = NULL;
  static GRegex *form_regex = NULL;
  g_autofree char *step = NULL;

  if (body == NULL)
    return NULL;

  if (g_once_init_enter (&json_regex))
    g_once_init_leave (&json_regex,
                       g_regex_new ("(\"(?:access_token|refresh_token|id_token|code)\"\\s*:\\s*\")"
                                    "(?:[^\"\\\\]|\\\\.)*(\"?)",
                                    G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, NULL));
  if (g_once_init_enter (&form_regex))
    g_once_init_leave (&form_regex,
                       g_regex_new ("\\b(access_token|refresh_token|id_token|code)=[^&\\s\"]*",
                                    G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, NULL));

  step = g_regex_replace (json_regex, body, -1, 0, "\\1[removed]\\2", 0, NULL);
  if (step == NULL)
    return g_strdup ("");
  return g_regex_replace (form_regex, step, -1, 0, "\\1=[removed]", 0, NULL);
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
  GInputStream  *stream;
  GByteArray    *body;
  char         **secrets;      /* values sent, scrubbed from anything shown */
  MailDiagnosis *diagnosis;
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
  g_clear_object (&request->stream);
  g_clear_object (&request->session);
  if (request->body != NULL)
    {
      if (request->body->len > 0)
        explicit_bzero (request->body->data, request->body->len);
      g_byte_array_unref (request->body);
    }
  if (request->secrets != NULL)
    {
      for (guint i = 0; request->secrets[i] != NULL; i++)
        mail_secret_free (request->secrets[i]);
      g_free (request->secrets);
    }
  g_clear_pointer (&request->diagnosis, mail_diagnosis_free);
  g_free (request);
}

static char *
scrub (Request    *request,
       const char *text)
{
  g_autofree char *redacted = mail_oauth_redact_body (text);
  GString *out = g_string_new (redacted);

  for (guint i = 0; request->secrets[i] != NULL; i++)
    {
      if (strlen (request->secrets[i]) >= 4)
        g_string_replace (out, request->secrets[i], "[removed]", 0);
    }

  return g_string_free (out, FALSE);
}

static char *
shown_body (Request *request)
{
  g_autofree char *text = NULL;
  gsize length = MIN (request->body->len, MAX_SHOWN_BODY);
  const char *end;

  /* An empty body has no data pointer at all. */
  text = g_strndup (length > 0 ? (const char *) request->body->data : "", length);
  /* Cut at valid UTF-8 and drop what is not text. */
  g_utf8_validate (text, -1, &end);
  text[end - text] = '\0';
  g_strstrip (text);
  if (length < request->body->len)
    {
      g_autofree char *cut = g_steal_pointer (&text);

      text = g_strconcat (cut, "…", NULL);
    }

  return scrub (request, text);
}

static MailDiagnosis *
make_diagnosis (MailOAuthTokenClient *self,
                Request              *request,
                const char           *code,
                const char           *status_text,
                const char           *body,
                const GError         *error)
{
  const char *lines[3] = { status_text, body, NULL };
  g_autoptr(GUri) uri = g_uri_parse (self->token_url, G_URI_FLAGS_NONE, NULL);
  MailDiagnosisContext context = {
    .protocol = "oauth",
    .stage = request->stage,
    .provider_id = self->provider_id,
    .email = self->email,
    .host = uri != NULL ? g_uri_get_host (uri) : NULL,
    .port = uri != NULL && g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 0,
    .auth = MAIL_AUTH_OAUTH2,
    .lines = status_text != NULL ? lines : NULL,
    .error = error,
  };
  MailDiagnosis *diagnosis;

  if (code != NULL)
    return mail_diagnosis_new_for_code (code, &context);

  diagnosis = mail_diagnose (&context);
  if (g_strcmp0 (diagnosis->code, "unknown") == 0)
    {
      /* An answer the tables do not know is still the endpoint failing. */
      mail_diagnosis_free (diagnosis);
      diagnosis = mail_diagnosis_new_for_code ("oauth-endpoint-error", &context);
    }

  return diagnosis;
}

/* An error answer that is a JSON object with an "error" member (RFC 6749 §5.2). */
static gboolean
is_oauth_error_body (const GByteArray *body)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *error_node;

  if (body->len == 0 || body->len > MAIL_OAUTH_MAX_BODY_SIZE)
    return FALSE;

  root = mail_json_parse_bounded ((const char *) body->data, body->len, "error answer", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  error_node = json_object_get_member (json_node_get_object (root), "error");
  return error_node != NULL && JSON_NODE_HOLDS_VALUE (error_node) &&
         json_node_get_value_type (error_node) == G_TYPE_STRING;
}

static void
complete (GTask *task)
{
  MailOAuthTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *body = shown_body (request);
  g_autoptr(GError) parse_error = NULL;
  MailOAuthTokens *tokens;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      tokens = mail_oauth_tokens_parse ((const char *) request->body->data, request->body->len,
                                        g_get_real_time () / G_USEC_PER_SEC, &parse_error);
      if (tokens != NULL)
        {
          g_task_return_pointer (task, tokens, (GDestroyNotify) mail_oauth_tokens_free);
          return;
        }

      /* A 2xx body may hold a token even when broken: never show it verbatim. */
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", status_text,
                                           parse_error->message, parse_error);
      g_task_return_error (task, g_steal_pointer (&parse_error));
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location =
        soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                      "Location");
      g_autofree char *shown_location = location != NULL ? scrub (request, location) : NULL;
      g_autofree char *line = g_strdup_printf ("%u%s%s", status,
                                               shown_location != NULL ? " Location: " : "",
                                               shown_location != NULL ? shown_location : "");
      g_autoptr(GError) error = NULL;

      /* A redirect would carry the code or refresh token to wherever it points. */
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                           _("The sign-in service answered with a redirect (HTTP %u) instead of "
                             "tokens. Token requests do not follow redirects: the provider’s "
                             "token address is probably out of date."), status);
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", line,
                                           error->message, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status >= 400 && status < 500 && is_oauth_error_body (request->body))
    {
      request->diagnosis = make_diagnosis (self, request, NULL, status_text, body, NULL);
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                               _("The sign-in service refused the request (HTTP %u)."), status);
      return;
    }

  /* 5xx, HTML pages, redirects, malformed answers. */
  request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", status_text,
                                       body, NULL);
  g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                           _("The sign-in service gave an unusable answer (HTTP %u)."), status);
}

/* A failed read or send: a cancellation at the deadline is a timeout with its own words. */
static void
fail_io (GTask  *task,
         GError *error)   /* taken */
{
  MailOAuthTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
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
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-timeout", NULL, NULL,
                                           error);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    request->diagnosis = make_diagnosis (self, request, NULL, NULL, NULL, error);

  g_task_return_error (task, error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailOAuthTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_io (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (request->stream, NULL, NULL);
      complete (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (request->body->len > MAIL_OAUTH_MAX_BODY_SIZE)
    {
      g_autofree char *status_text =
        g_strdup_printf ("%u", soup_message_get_status (request->message));

      g_input_stream_close (request->stream, NULL, NULL);
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", status_text,
                                           _("(the answer was larger than any token answer "
                                             "can be, and was not read to the end)"), NULL);
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                               _("The sign-in service’s answer is too large."));
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      fail_io (task, g_steal_pointer (&error));
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_object_ref (task));
}

static void
form_add (GString    *form,
          const char *name,
          const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, escaped);
  explicit_bzero (escaped, strlen (escaped));
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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;
  gsize length;
  char *data;

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
  request->body = g_byte_array_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (self->client_secret != NULL)
    form_add (form, "client_secret", self->client_secret);

  length = form->len;
  data = g_string_free (form, FALSE);
  /* The form holds the code or refresh token: wipe it when libsoup is done with it. */
  bytes = g_bytes_new_with_free_func (data, length, (GDestroyNotify) mail_secret_free, data);

  /* Checked at every request, not only when the provider file was read: the URL of a
   * refresh comes from the keyring. */
  if (!token_url_is_secure (self->token_url))
    {
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("The token address “%s” is not an https address (plain http only "
                             "to this computer): Mail Setup does not send a sign-in over it."),
                           self->token_url);
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", NULL, NULL,
                                           error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request->message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (request->message == NULL)
    {
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("The token address “%s” is not a valid URL."), self->token_url);
      request->diagnosis = make_diagnosis (self, request, "oauth-endpoint-error", NULL, NULL,
                                           error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A redirect is answered as such, never followed with the form. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (request->message,
                                            "application/x-www-form-urlencoded", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

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

  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, send_cb, g_steal_pointer (&task));
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

  form_add (form, "grant_type", "authorization_code");
  form_add (form, "code", code);
  form_add (form, "redirect_uri", redirect_uri);
  form_add (form, "client_id", self->client_id);
  form_add (form, "code_verifier", code_verifier);

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

  form_add (form, "grant_type", "refresh_token");
  form_add (form, "refresh_token", refresh_token);
  form_add (form, "client_id", self->client_id);
  if (scopes != NULL && *scopes != '\0')
    form_add (form, "scope", scopes);

  secrets = g_new0 (char *, 3);
  secrets[0] = g_strdup (refresh_token);
  secrets[1] = g_strdup (self->client_secret);

  start_request (self, "refresh", form, secrets, cancellable, callback, user_data);
}

MailOAuthTokens *
mail_oauth_token_client_request_finish (MailOAuthTokenClient  *self,
                                        GAsyncResult          *result,
                                        MailDiagnosis        **diagnosis,
                                        GError               **error)
{
  Request *request;

  g_return_val_if_fail (MAIL_IS_OAUTH_TOKEN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (diagnosis != NULL)
    *diagnosis = request != NULL ? g_steal_pointer (&request->diagnosis) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
