/* mail-oauth-flow.c: OAuth2 sign-in in the system browser, then the code exchange
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-diagnosis-error.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-flow.h"
#include "mail-oauth-listener.h"
#include "mail-pkce.h"
#include "mail-types.h"

char *
mail_oauth_build_redirect_uri (const MailProvider *provider,
                               guint16             port)
{
  const char *host = "127.0.0.1";

  g_return_val_if_fail (provider != NULL, NULL);

  /* Microsoft's portal registers http://localhost (any port); others want the IP literal. */
  if (g_strcmp0 (provider->redirect_host, "localhost") == 0)
    host = "localhost";

  return g_strdup_printf ("http://%s:%u/", host, port);
}

static void
query_add (GString    *url,
           gboolean   *first,
           const char *name,
           const char *value)
{
  g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (url, *first ? (strchr (url->str, '?') != NULL ? '&' : '?') : '&');
  *first = FALSE;
  g_string_append_printf (url, "%s=%s", escaped_name, escaped_value);
}

char *
mail_oauth_build_authorize_url (const MailProvider *provider,
                                const char         *client_id,
                                const char         *redirect_uri,
                                const char         *state,
                                const char         *code_challenge,
                                const char         *login_hint)
{
  g_autofree char *scope = NULL;
  GString *url;
  gboolean first = TRUE;

  g_return_val_if_fail (provider != NULL && provider->authorize_url != NULL, NULL);
  g_return_val_if_fail (client_id != NULL && redirect_uri != NULL, NULL);
  g_return_val_if_fail (state != NULL && code_challenge != NULL, NULL);

  url = g_string_new (provider->authorize_url);
  scope = provider->scopes != NULL ? g_strjoinv (" ", provider->scopes) : g_strdup ("");

  query_add (url, &first, "response_type", "code");
  query_add (url, &first, "client_id", client_id);
  query_add (url, &first, "redirect_uri", redirect_uri);
  if (*scope != '\0')
    query_add (url, &first, "scope", scope);
  query_add (url, &first, "state", state);
  query_add (url, &first, "code_challenge", code_challenge);
  query_add (url, &first, "code_challenge_method", "S256");
  if (login_hint != NULL && *login_hint != '\0')
    query_add (url, &first, "login_hint", login_hint);

  for (guint i = 0; provider->extra_parameters && provider->extra_parameters[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (provider->extra_parameters[i], "=", 2);

      if (pair[0] == NULL || *g_strstrip (pair[0]) == '\0')
        continue;
      query_add (url, &first, pair[0], pair[1] != NULL ? g_strstrip (pair[1]) : "");
    }

  return g_string_free (url, FALSE);
}

enum
{
  SIGNAL_AUTHORIZE_URL,
  SIGNAL_BROWSER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _MailOAuthFlow
{
  GObject            parent_instance;

  MailProvider      *provider;
  char              *email;
  gboolean           open_browser;
  guint              timeout_s;
  gint64             deadline;     /* monotonic µs: timeout_s after the start, 0 none */
  GTlsDatabase      *tls_database;

  char              *client_id;
  char              *client_secret;
  char              *verifier;       /* secret */
  char              *redirect_uri;
  char              *authorize_url;
  MailOAuthListener *listener;
};

G_DEFINE_FINAL_TYPE (MailOAuthFlow, mail_oauth_flow, G_TYPE_OBJECT)

static void
mail_oauth_flow_dispose (GObject *object)
{
  MailOAuthFlow *self = MAIL_OAUTH_FLOW (object);

  if (self->listener != NULL)
    mail_oauth_listener_close (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (mail_oauth_flow_parent_class)->dispose (object);
}

static void
mail_oauth_flow_finalize (GObject *object)
{
  MailOAuthFlow *self = MAIL_OAUTH_FLOW (object);

  g_clear_pointer (&self->provider, mail_provider_unref);
  g_free (self->email);
  g_free (self->client_id);
  mail_secret_free (self->client_secret);
  mail_secret_free (self->verifier);
  g_free (self->redirect_uri);
  g_free (self->authorize_url);

  G_OBJECT_CLASS (mail_oauth_flow_parent_class)->finalize (object);
}

static void
mail_oauth_flow_class_init (MailOAuthFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mail_oauth_flow_dispose;
  object_class->finalize = mail_oauth_flow_finalize;

  signals[SIGNAL_AUTHORIZE_URL] =
    g_signal_new ("authorize-url", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BROWSER_FAILED] =
    g_signal_new ("browser-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mail_oauth_flow_init (MailOAuthFlow *self)
{
  self->open_browser = TRUE;
}

MailOAuthFlow *
mail_oauth_flow_new (MailProvider *provider,
                     const char   *email)
{
  MailOAuthFlow *self;

  g_return_val_if_fail (provider != NULL, NULL);

  self = g_object_new (MAIL_TYPE_OAUTH_FLOW, NULL);
  self->provider = mail_provider_ref (provider);
  self->email = g_strdup (email);
  return self;
}

void
mail_oauth_flow_set_open_browser (MailOAuthFlow *self,
                                  gboolean       open_browser)
{
  g_return_if_fail (MAIL_IS_OAUTH_FLOW (self));

  self->open_browser = !!open_browser;
}

void
mail_oauth_flow_set_timeout (MailOAuthFlow *self,
                             guint          seconds)
{
  g_return_if_fail (MAIL_IS_OAUTH_FLOW (self));

  self->timeout_s = seconds;
}

void
mail_oauth_flow_set_tls_database (MailOAuthFlow *self,
                                  GTlsDatabase  *database)
{
  g_return_if_fail (MAIL_IS_OAUTH_FLOW (self));

  g_set_object (&self->tls_database, database);
}

const char *
mail_oauth_flow_get_authorize_url (MailOAuthFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_FLOW (self), NULL);

  return self->authorize_url;
}

const char *
mail_oauth_flow_get_client_id (MailOAuthFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_FLOW (self), NULL);

  return self->client_id;
}

const char *
mail_oauth_flow_get_client_secret (MailOAuthFlow *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_FLOW (self), NULL);

  return self->client_secret;
}

static MailDiagnosis *
flow_diagnosis (MailOAuthFlow      *self,
                const char         *code,
                const char *const  *lines,
                const GError       *error)
{
  MailDiagnosisContext context = {
    .protocol = "oauth",
    .stage = "authorize",
    .provider_id = self->provider->id,
    .email = self->email,
    .auth = MAIL_AUTH_OAUTH2,
    .lines = lines,
    .error = error,
  };

  if (code != NULL)
    return mail_diagnosis_new_for_code (code, &context);
  return mail_diagnose (&context);
}

/* Fails the run with error (taken) carrying diagnosis (taken); a cancellation carries none. */
static void
fail (MailOAuthFlow *self,
      GTask         *task,
      MailDiagnosis *diagnosis,
      GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&diagnosis, mail_diagnosis_free);
      g_task_return_error (task, error);
      return;
    }

  if (diagnosis == NULL)
    diagnosis = flow_diagnosis (self, NULL, NULL, error);
  g_task_return_error (task, mail_diagnosis_error_new (diagnosis, error));
  g_error_free (error);
}

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailOAuthFlow *self = g_task_get_source_object (task);
  GError *error = NULL;
  MailOAuthTokens *tokens;

  tokens = mail_oauth_token_client_request_finish (MAIL_OAUTH_TOKEN_CLIENT (object), result,
                                                   &error);
  g_clear_pointer (&self->verifier, mail_secret_free);

  if (tokens == NULL)
    {
      /* The token client's diagnosis (or the cancellation) as it is. */
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify) mail_oauth_tokens_free);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailOAuthFlow *self = g_task_get_source_object (task);
  g_autoptr(MailOAuthCallback) callback = NULL;
  g_autoptr(MailOAuthTokenClient) client = NULL;
  GError *error = NULL;

  callback = mail_oauth_listener_wait_finish (MAIL_OAUTH_LISTENER (object), result, &error);
  g_clear_object (&self->listener);

  if (callback == NULL)
    {
      const char *code = NULL;

      if (g_error_matches (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_STATE_MISMATCH))
        code = "oauth-state-mismatch";
      else if (g_error_matches (error, MAIL_ERROR, MAIL_ERROR_TIMEOUT))
        code = "oauth-timeout";

      fail (self, task, code != NULL ? flow_diagnosis (self, code, NULL, error) : NULL, error);
      return;
    }

  if (callback->error != NULL)
    {
      const char *lines[] = { callback->error,
                              callback->error_description != NULL
                                ? callback->error_description : "",
                              NULL };

      fail (self, task, flow_diagnosis (self, NULL, lines, NULL),
            g_error_new (MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                         _("The provider refused the sign-in: %s"), callback->error));
      return;
    }

  client = mail_oauth_token_client_new (self->provider->token_url, self->client_id,
                                        self->client_secret, self->provider->id, self->email);
  mail_oauth_token_client_set_tls_database (client, self->tls_database);
  /* The time limit covers the whole sign-in, the token request included. */
  mail_oauth_token_client_set_deadline (client, self->deadline);
  mail_oauth_token_client_exchange_async (client, callback->code, self->redirect_uri,
                                          self->verifier, g_task_get_cancellable (task),
                                          exchange_cb, g_object_ref (task));
}

static void
subprocess_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  /* Only reaps the browser command; what it does is its own business. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
}

static void
launch_uri_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailOAuthFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_BROWSER_FAILED], 0, error->message);
}

static void
open_browser (MailOAuthFlow *self,
              GCancellable  *cancellable)
{
  const char *command = g_getenv ("MAIL_SETUP_BROWSER");
  g_autoptr(GError) error = NULL;

  if (command != NULL && *command != '\0')
    {
      g_auto(GStrv) argv = NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_auto(GStrv) full = NULL;

      /* Split like a shell would, but run it directly: the URL is one argument. Its output is
       * dropped so that nothing it prints (such as the redirect URL) reaches our output. */
      if (g_shell_parse_argv (command, NULL, &argv, &error))
        {
          g_strv_builder_addv (builder, (const char **) argv);
          g_strv_builder_add (builder, self->authorize_url);
          full = g_strv_builder_end (builder);
          process = g_subprocess_newv ((const char *const *) full,
                                       G_SUBPROCESS_FLAGS_STDIN_INHERIT |
                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                       &error);
        }

      if (process != NULL)
        g_subprocess_wait_async (process, NULL, subprocess_exited_cb, NULL);
      else
        g_signal_emit (self, signals[SIGNAL_BROWSER_FAILED], 0, error->message);
      return;
    }

  g_app_info_launch_default_for_uri_async (self->authorize_url, NULL, cancellable,
                                           launch_uri_cb, g_object_ref (self));
}

void
mail_oauth_flow_run_async (MailOAuthFlow       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *state = NULL;
  g_autofree char *challenge = NULL;
  GError *error = NULL;
  guint16 port;

  g_return_if_fail (MAIL_IS_OAUTH_FLOW (self));
  g_return_if_fail (self->listener == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_oauth_flow_run_async);

  if (!self->provider->has_oauth || self->provider->authorize_url == NULL ||
      self->provider->token_url == NULL)
    {
      fail (self, task, NULL,
            g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                         _("%s does not offer OAuth2 sign-in."), self->provider->name));
      return;
    }

  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->client_secret, mail_secret_free);
  if (!mail_oauth_client_id_resolve (self->provider, &self->client_id, &self->client_secret,
                                     NULL))
    {
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("No OAuth2 client ID is configured for %s."), self->provider->name);
      fail (self, task, flow_diagnosis (self, "oauth-client-id-missing", NULL, error), error);
      return;
    }

  g_clear_pointer (&self->verifier, mail_secret_free);
  self->verifier = mail_pkce_random_string (&error);
  state = self->verifier != NULL ? mail_pkce_random_string (&error) : NULL;
  if (state == NULL)
    {
      fail (self, task, flow_diagnosis (self, NULL, NULL, error), error);
      return;
    }
  challenge = mail_pkce_challenge_s256 (self->verifier);

  self->listener = mail_oauth_listener_new (state);
  if (!mail_oauth_listener_start (self->listener, &error))
    {
      g_clear_object (&self->listener);
      fail (self, task, flow_diagnosis (self, NULL, NULL, error), error);
      return;
    }

  g_free (self->redirect_uri);
  port = mail_oauth_listener_get_port (self->listener);
  self->redirect_uri = mail_oauth_build_redirect_uri (self->provider, port);
  g_free (self->authorize_url);
  self->authorize_url = mail_oauth_build_authorize_url (self->provider, self->client_id,
                                                        self->redirect_uri, state, challenge,
                                                        self->email);

  self->deadline = self->timeout_s > 0
                     ? g_get_monotonic_time () + (gint64) self->timeout_s * G_USEC_PER_SEC : 0;
  mail_oauth_listener_wait_async (self->listener, self->timeout_s, cancellable, wait_cb,
                                  g_steal_pointer (&task));

  g_signal_emit (self, signals[SIGNAL_AUTHORIZE_URL], 0, self->authorize_url);
  if (self->open_browser)
    open_browser (self, cancellable);
}

MailOAuthTokens *
mail_oauth_flow_run_finish (MailOAuthFlow  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
