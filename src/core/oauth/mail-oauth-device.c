/* mail-oauth-device.c: OAuth2 device authorization grant (RFC 8628)
 *
 * The device authorization request gives a user code and an address; the person enters the
 * code there on any device while this side asks the token endpoint at the server's interval
 * (RFC 8628 §3.4-3.5): authorization_pending goes on, slow_down adds 5 seconds to the
 * interval for good, access_denied and expired_token end the wait. Answers are read up to
 * MAIL_OAUTH_MAX_BODY_SIZE (mail-oauth-post.c, shared with the token client) and parsed with
 * the bounded mail-json parser; the tokens with mail_oauth_tokens_parse ().
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
#include "mail-oauth-client-id.h"
#include "mail-oauth-device.h"
#include "mail-oauth-post.h"
#include "mail-types.h"

#define REQUEST_TIMEOUT_S   30
#define DEFAULT_INTERVAL_S  5
#define SLOW_DOWN_STEP_S    5
/* A code that lives longer than a day, or an interval above ten minutes, is nonsense. */
#define MAX_EXPIRES_IN_S    (24 * 3600)
#define MAX_INTERVAL_S      600

/* Parsing ----------------------------------------------------------------------------------- */

void
mail_oauth_device_code_free (MailOAuthDeviceCode *code)
{
  if (code == NULL)
    return;

  mail_secret_free (code->device_code);
  g_free (code->user_code);
  g_free (code->verification_uri);
  g_free (code->verification_uri_complete);
  g_free (code);
}

/* The object of a JSON body of at most MAIL_OAUTH_MAX_BODY_SIZE bytes (in *root), or NULL. */
static JsonObject *
parse_object (JsonNode   **root,
              const char  *body,
              gsize        length,
              GError     **error)
{
  if (body == NULL || length == 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("The sign-in answer is empty."));
      return NULL;
    }
  if (length > MAIL_OAUTH_MAX_BODY_SIZE)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("The sign-in answer is too large."));
      return NULL;
    }

  *root = mail_json_parse_bounded (body, length, "device authorization answer", NULL);
  if (*root == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The sign-in answer is not valid JSON."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The sign-in answer is not a JSON object."));
      return NULL;
    }
  return json_node_get_object (*root);
}

/* A whole number from 1 to max (numbers as text too, as some endpoints send them); 0 when
 * absent, -1 when present but not such a number. */
static gint64
get_seconds (JsonObject *object,
             const char *name,
             gint64      max)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value = -1;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return -1;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_STRING &&
           !g_ascii_string_to_signed (json_node_get_string (node), 10, 1, max, &value, NULL))
    value = -1;

  return value >= 1 && value <= max ? value : -1;
}

MailOAuthDeviceCode *
mail_oauth_device_code_parse (const char  *body,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MailOAuthDeviceCode) code = NULL;
  JsonObject *object;
  const char *uri;
  gint64 interval;

  object = parse_object (&root, body, length, error);
  if (object == NULL)
    return NULL;

  code = g_new0 (MailOAuthDeviceCode, 1);
  code->device_code = g_strdup (mail_oauth_json_get_text (object, "device_code"));
  code->user_code = g_strdup (mail_oauth_json_get_text (object, "user_code"));
  /* RFC 8628 says verification_uri; Microsoft's v1 endpoint said verification_url. */
  uri = mail_oauth_json_get_text (object, "verification_uri");
  if (uri == NULL)
    uri = mail_oauth_json_get_text (object, "verification_url");
  code->verification_uri = g_strdup (uri);
  code->verification_uri_complete =
    g_strdup (mail_oauth_json_get_text (object, "verification_uri_complete"));
  code->expires_in = get_seconds (object, "expires_in", MAX_EXPIRES_IN_S);
  interval = get_seconds (object, "interval", MAX_INTERVAL_S);

  if (code->device_code == NULL || code->user_code == NULL || code->verification_uri == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The sign-in answer lacks the device code, the user code or the address "
                     "to open."));
      return NULL;
    }
  /* The address is shown to be opened: only a web address, never a file or a command. */
  if (!g_str_has_prefix (code->verification_uri, "https://") &&
      !g_str_has_prefix (code->verification_uri, "http://"))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The sign-in answer’s address to open is not a web address."));
      return NULL;
    }
  if (code->verification_uri_complete != NULL &&
      !g_str_has_prefix (code->verification_uri_complete, "https://") &&
      !g_str_has_prefix (code->verification_uri_complete, "http://"))
    g_clear_pointer (&code->verification_uri_complete, g_free);
  if (code->expires_in <= 0 || interval < 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The sign-in answer’s lifetime (expires_in) or interval is not a valid "
                     "number."));
      return NULL;
    }
  code->interval = interval > 0 ? interval : DEFAULT_INTERVAL_S;

  return g_steal_pointer (&code);
}

/* The flow ---------------------------------------------------------------------------------- */

struct _MailOAuthDeviceFlow
{
  GObject       parent_instance;

  MailProvider *provider;
  char         *email;
  guint         timeout_s;
  GTlsDatabase *tls_database;
  char         *client_id;
  char         *client_secret;
  guint         polls;
};

G_DEFINE_FINAL_TYPE (MailOAuthDeviceFlow, mail_oauth_device_flow, G_TYPE_OBJECT)

enum
{
  SIGNAL_USER_CODE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mail_oauth_device_flow_finalize (GObject *object)
{
  MailOAuthDeviceFlow *self = MAIL_OAUTH_DEVICE_FLOW (object);

  g_clear_pointer (&self->provider, mail_provider_unref);
  g_free (self->email);
  g_clear_object (&self->tls_database);
  g_free (self->client_id);
  mail_secret_free (self->client_secret);

  G_OBJECT_CLASS (mail_oauth_device_flow_parent_class)->finalize (object);
}

static void
mail_oauth_device_flow_class_init (MailOAuthDeviceFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mail_oauth_device_flow_finalize;

  signals[SIGNAL_USER_CODE] =
    g_signal_new ("user-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

static void
mail_oauth_device_flow_init (MailOAuthDeviceFlow *self)
{
}

MailOAuthDeviceFlow *
mail_oauth_device_flow_new (MailProvider *provider,
                            const char   *email)
{
  MailOAuthDeviceFlow *self;

  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (provider->has_oauth && provider->device_authorization_url != NULL, NULL);

  self = g_object_new (MAIL_TYPE_OAUTH_DEVICE_FLOW, NULL);
  self->provider = mail_provider_ref (provider);
  self->email = g_strdup (email);
  return self;
}

void
mail_oauth_device_flow_set_timeout (MailOAuthDeviceFlow *self,
                                    guint                seconds)
{
  g_return_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self));
  self->timeout_s = seconds;
}

void
mail_oauth_device_flow_set_tls_database (MailOAuthDeviceFlow *self,
                                         GTlsDatabase        *database)
{
  g_return_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self));
  g_set_object (&self->tls_database, database);
}

const char *
mail_oauth_device_flow_get_client_id (MailOAuthDeviceFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self), NULL);
  return self->client_id;
}

const char *
mail_oauth_device_flow_get_client_secret (MailOAuthDeviceFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self), NULL);
  return self->client_secret;
}

guint
mail_oauth_device_flow_get_polls (MailOAuthDeviceFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self), 0);
  return self->polls;
}

typedef struct
{
  const char          *stage;      /* "device" (authorization request) or "token" (polls) */
  SoupSession         *session;
  SoupMessage         *message;
  MailOAuthDeviceCode *code;
  gint64               interval;   /* seconds */
  gint64               deadline;   /* monotonic µs */
  GSource             *wait;
  GSource             *wait_cancel;
} Run;

static void
run_stop_wait (Run *run)
{
  if (run->wait != NULL)
    {
      g_source_destroy (run->wait);
      g_clear_pointer (&run->wait, g_source_unref);
    }
  if (run->wait_cancel != NULL)
    {
      g_source_destroy (run->wait_cancel);
      g_clear_pointer (&run->wait_cancel, g_source_unref);
    }
}

static void
run_free (Run *run)
{
  run_stop_wait (run);
  g_clear_object (&run->message);
  g_clear_object (&run->session);
  g_clear_pointer (&run->code, mail_oauth_device_code_free);
  g_free (run);
}

/* What of an answer may be shown: bounded, tokens and the device code removed. */
static char *
shown_body (Run              *run,
            const GByteArray *answer)
{
  const char *secrets[2] = { run->code != NULL ? run->code->device_code : NULL, NULL };

  return mail_oauth_shown_body (answer, secrets);
}

/* The URL the request of this stage goes to. */
static const char *
stage_url (MailOAuthDeviceFlow *self,
           Run                 *run)
{
  return g_str_equal (run->stage, "device") ? self->provider->device_authorization_url
                                            : self->provider->token_url;
}

/* Fails the run with error (taken) and the diagnosis for code (NULL: what the tables make of
 * status_text and body); a cancellation carries none. */
static void
fail (GTask      *task,
      const char *code,
      const char *url,
      const char *status_text,
      const char *body,
      GError     *error)
{
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  MailDiagnosis *diagnosis;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  diagnosis = mail_oauth_diagnosis (code, run->stage, self->provider->id, self->email, url,
                                    status_text, body, error);
  g_task_return_error (task, mail_diagnosis_error_new (diagnosis, error));
  g_error_free (error);
}

static void poll_token (GTask *task);

static void
expired (GTask *task)
{
  fail (task, "oauth-device-code-expired", NULL, NULL, NULL,
        g_error_new_literal (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                             _("The sign-in code was not used in time.")));
}

static gboolean
wait_done_cb (gpointer user_data)
{
  /* Stopping the wait drops the sources' references: hold one while working. */
  g_autoptr(GTask) task = g_object_ref (user_data);
  Run *run = g_task_get_task_data (task);

  run_stop_wait (run);
  if (!g_task_return_error_if_cancelled (task))
    poll_token (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return wait_done_cb (user_data);
}

/* Waits the interval, then asks again; ends at the deadline. */
static void
schedule_poll (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_get_monotonic_time () + run->interval * G_USEC_PER_SEC > run->deadline)
    {
      expired (task);
      return;
    }

  run->wait = g_timeout_source_new ((guint) run->interval * 1000);
  g_source_set_callback (run->wait, wait_done_cb, g_object_ref (task), g_object_unref);
  g_source_attach (run->wait, g_task_get_context (task));
  if (cancellable != NULL)
    {
      run->wait_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->wait_cancel, G_SOURCE_FUNC (wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (run->wait_cancel, g_task_get_context (task));
    }
}

static void
token_answer (GTask            *task,
              const GByteArray *answer)
{
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint status = soup_message_get_status (run->message);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *error_code = NULL;
  g_autoptr(GError) error = NULL;
  MailOAuthTokens *tokens;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      tokens = mail_oauth_tokens_parse ((const char *) answer->data, answer->len,
                                        g_get_real_time () / G_USEC_PER_SEC, &error);
      if (tokens != NULL)
        g_task_return_pointer (task, tokens, (GDestroyNotify) mail_oauth_tokens_free);
      else
        {
          g_autofree char *message = g_strdup (error != NULL ? error->message : "");

          fail (task, "oauth-endpoint-error", self->provider->token_url, status_text, message,
                g_steal_pointer (&error));
        }
      return;
    }

  if (status >= 400 && status < 500)
    error_code = mail_oauth_error_code (answer);

  if (g_strcmp0 (error_code, "authorization_pending") == 0)
    {
      schedule_poll (task);
      return;
    }
  if (g_strcmp0 (error_code, "slow_down") == 0)
    {
      /* RFC 8628 §3.5: this and all later requests wait 5 seconds longer. */
      run->interval = MIN (run->interval + SLOW_DOWN_STEP_S, MAX_INTERVAL_S);
      schedule_poll (task);
      return;
    }

  {
    g_autofree char *body = shown_body (run, answer);

    if (g_strcmp0 (error_code, "expired_token") == 0)
      fail (task, "oauth-device-code-expired", self->provider->token_url, status_text, body,
            g_error_new_literal (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                                 _("The sign-in code expired before it was used.")));
    else if (error_code != NULL)
      fail (task, NULL, self->provider->token_url, status_text, body,
            g_error_new (MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                         _("The sign-in service refused the request (HTTP %u)."), status));
    else
      fail (task, "oauth-endpoint-error", self->provider->token_url, status_text, body,
            g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                         _("The sign-in service gave an unusable answer (HTTP %u)."), status));
  }
}

static void
device_answer (GTask            *task,
               const GByteArray *answer)
{
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *url = self->provider->device_authorization_url;
  guint status = soup_message_get_status (run->message);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autoptr(GError) error = NULL;
  gint64 limit;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *body = shown_body (run, answer);
      g_autofree char *error_code = NULL;

      if (status >= 400 && status < 500)
        error_code = mail_oauth_error_code (answer);
      fail (task, error_code != NULL ? NULL : "oauth-endpoint-error", url, status_text, body,
            g_error_new (MAIL_ERROR, error_code != NULL ? MAIL_ERROR_SERVER_REFUSED
                                                        : MAIL_ERROR_PROTOCOL,
                         _("The sign-in service refused the request (HTTP %u)."), status));
      return;
    }

  run->code = mail_oauth_device_code_parse ((const char *) answer->data, answer->len, &error);
  if (run->code == NULL)
    {
      g_autofree char *message = g_strdup (error != NULL ? error->message : "");

      fail (task, "oauth-endpoint-error", url, status_text, message, g_steal_pointer (&error));
      return;
    }

  run->interval = run->code->interval;
  limit = run->code->expires_in;
  if (self->timeout_s > 0 && self->timeout_s < limit)
    limit = self->timeout_s;
  run->deadline = g_get_monotonic_time () + limit * G_USEC_PER_SEC;

  g_signal_emit (self, signals[SIGNAL_USER_CODE], 0, run->code->user_code,
                 run->code->verification_uri, run->code->verification_uri_complete,
                 run->code->expires_in);

  run->stage = "token";
  schedule_poll (task);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GByteArray *answer;
  GError *error = NULL;

  answer = mail_oauth_post_finish (SOUP_SESSION (object), result, &error);
  if (answer == NULL && g_error_matches (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL))
    fail (task, "oauth-endpoint-error", stage_url (self, run), NULL,
          _("(the answer was larger than any sign-in answer can be, and was not read to the "
            "end)"),
          error);
  else if (answer == NULL)
    fail (task, NULL, stage_url (self, run), NULL, NULL, error);
  else if (g_str_equal (run->stage, "device"))
    device_answer (task, answer);
  else
    token_answer (task, answer);

  mail_oauth_body_free (answer);
}

/* POSTs form (taken; wiped after use) to url; the answer goes to device_answer or
 * token_answer by run->stage. */
static void
post_form (GTask      *task,
           const char *url,
           GString    *form)
{
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (self->client_secret != NULL)
    mail_oauth_form_add (form, "client_secret", self->client_secret);

  g_clear_object (&run->message);
  run->message = soup_message_new (SOUP_METHOD_POST, url);
  if (run->message == NULL)
    {
      mail_secret_free (g_string_free (form, FALSE));
      fail (task, "oauth-endpoint-error", NULL, NULL, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                         _("The sign-in address “%s” is not a valid URL."), url));
      return;
    }

  mail_oauth_post_async (run->session, run->message, form, g_task_get_cancellable (task),
                         post_cb, g_object_ref (task));
}

static void
poll_token (GTask *task)
{
  MailOAuthDeviceFlow *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GString *form = g_string_new (NULL);

  self->polls++;
  mail_oauth_form_add (form, "grant_type", MAIL_OAUTH_DEVICE_GRANT_TYPE);
  mail_oauth_form_add (form, "device_code", run->code->device_code);
  mail_oauth_form_add (form, "client_id", self->client_id);
  post_form (task, self->provider->token_url, form);
}

void
mail_oauth_device_flow_run_async (MailOAuthDeviceFlow *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *scopes = NULL;
  g_autofree char *source = NULL;
  GString *form;
  Run *run;

  g_return_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_oauth_device_flow_run_async);
  run = g_new0 (Run, 1);
  run->stage = "device";
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->client_secret, mail_secret_free);
  if (!mail_oauth_client_id_resolve (self->provider, &self->client_id, &self->client_secret,
                                     &source))
    {
      fail (task, "oauth-client-id-missing", NULL, NULL, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                         _("No OAuth2 client ID is set up for %s."), self->provider->name));
      return;
    }

  run->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                "user-agent", "mail-setup/" PACKAGE_VERSION,
                                                NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (run->session, self->tls_database);

  scopes = g_strjoinv (" ", self->provider->scopes);
  form = g_string_new (NULL);
  mail_oauth_form_add (form, "client_id", self->client_id);
  mail_oauth_form_add (form, "scope", scopes);
  post_form (task, self->provider->device_authorization_url, form);
}

MailOAuthTokens *
mail_oauth_device_flow_run_finish (MailOAuthDeviceFlow  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_DEVICE_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
