/* mail-oauth-post.c: one form POST to an OAuth2 endpoint and its answer, read with a bound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-json.h"
#include "mail-oauth-post.h"
#include "mail-types.h"

#define READ_CHUNK (16 * 1024)
/* What of an endpoint's answer is shown to people: enough for any error text. */
#define MAX_SHOWN_BODY 2000

void
mail_oauth_form_add (GString    *form,
                     const char *name,
                     const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, escaped);
  explicit_bzero (escaped, strlen (escaped));
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

void
mail_oauth_body_free (GByteArray *body)
{
  if (body == NULL)
    return;
  if (body->len > 0)
    explicit_bzero (body->data, body->len);
  g_byte_array_unref (body);
}

typedef struct
{
  GInputStream *stream;
  GByteArray   *body;
} Post;

static void
post_free (Post *post)
{
  g_clear_object (&post->stream);
  mail_oauth_body_free (post->body);
  g_free (post);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Post *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (post->stream, NULL, NULL);
      g_task_return_pointer (task, g_steal_pointer (&post->body),
                             (GDestroyNotify) mail_oauth_body_free);
      return;
    }

  g_byte_array_append (post->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (post->body->len > MAIL_OAUTH_MAX_BODY_SIZE)
    {
      g_input_stream_close (post->stream, NULL, NULL);
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                               _("The sign-in service’s answer is too large."));
      return;
    }

  g_input_stream_read_bytes_async (post->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Post *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  post->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (post->stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_input_stream_read_bytes_async (post->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, g_object_ref (task));
}

void
mail_oauth_post_async (SoupSession         *session,
                       SoupMessage         *message,
                       GString             *form,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Post *post;
  gsize length;
  char *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (message != NULL);
  g_return_if_fail (form != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_oauth_post_async);
  post = g_new0 (Post, 1);
  post->body = g_byte_array_new ();
  g_task_set_task_data (task, post, (GDestroyNotify) post_free);

  length = form->len;
  data = g_string_free (form, FALSE);
  /* The form holds the code or refresh token: wipe it when libsoup is done with it. */
  bytes = g_bytes_new_with_free_func (data, length, (GDestroyNotify) mail_secret_free, data);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, send_cb,
                           g_steal_pointer (&task));
}

GByteArray *
mail_oauth_post_finish (SoupSession   *session,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
mail_oauth_json_get_text (JsonObject *object,
                          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return NULL;
  return value;
}

char *
mail_oauth_error_code (const GByteArray *body)
{
  g_autoptr(JsonNode) root = NULL;

  if (body == NULL || body->len == 0 || body->len > MAIL_OAUTH_MAX_BODY_SIZE)
    return NULL;

  root = mail_json_parse_bounded ((const char *) body->data, body->len, "error answer", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return g_strdup (mail_oauth_json_get_text (json_node_get_object (root), "error"));
}

char *
mail_oauth_scrub (const char         *text,
                  const char * const *secrets)
{
  g_autofree char *redacted = mail_oauth_redact_body (text);
  GString *out = g_string_new (redacted);

  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      if (strlen (secrets[i]) >= 4)
        g_string_replace (out, secrets[i], "[removed]", 0);
    }

  return g_string_free (out, FALSE);
}

char *
mail_oauth_shown_body (const GByteArray   *body,
                       const char * const *secrets)
{
  g_autofree char *text = NULL;
  gsize length = MIN (body->len, MAX_SHOWN_BODY);
  const char *end;

  /* An empty body has no data pointer at all. */
  text = g_strndup (length > 0 ? (const char *) body->data : "", length);
  /* Cut at valid UTF-8 and drop what is not text. */
  g_utf8_validate (text, -1, &end);
  text[end - text] = '\0';
  g_strstrip (text);
  if (length < body->len)
    {
      g_autofree char *cut = g_steal_pointer (&text);

      text = g_strconcat (cut, "…", NULL);
    }

  return mail_oauth_scrub (text, secrets);
}

MailDiagnosis *
mail_oauth_diagnosis (const char   *code,
                      const char   *stage,
                      const char   *provider_id,
                      const char   *email,
                      const char   *url,
                      const char   *status_text,
                      const char   *body,
                      const GError *error)
{
  const char *lines[3] = { status_text, body, NULL };
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  MailDiagnosisContext context = {
    .protocol = "oauth",
    .stage = stage,
    .provider_id = provider_id,
    .email = email,
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
