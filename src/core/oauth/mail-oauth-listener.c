/* mail-oauth-listener.c: the loopback redirect receiver of the OAuth2 sign-in (RFC 8252)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mail-oauth-listener.h"
#include "mail-types.h"

/* No provider sends a redirect query this long; anything longer is not ours. */
#define MAX_QUERY_LENGTH (16 * 1024)
/* After the answer page is handed to the socket, how long to wait for it to be sent. */
#define FLUSH_TIMEOUT_MS 3000

G_DEFINE_QUARK (mail-oauth-error-quark, mail_oauth_error)

G_DEFINE_BOXED_TYPE (MailOAuthCallback, mail_oauth_callback,
                     mail_oauth_callback_copy, mail_oauth_callback_free)

MailOAuthCallback *
mail_oauth_callback_copy (const MailOAuthCallback *callback)
{
  MailOAuthCallback *copy;

  g_return_val_if_fail (callback != NULL, NULL);

  copy = g_new0 (MailOAuthCallback, 1);
  copy->code = g_strdup (callback->code);
  copy->state = g_strdup (callback->state);
  copy->error = g_strdup (callback->error);
  copy->error_description = g_strdup (callback->error_description);
  copy->error_uri = g_strdup (callback->error_uri);
  return copy;
}

void
mail_oauth_callback_free (MailOAuthCallback *callback)
{
  if (callback == NULL)
    return;

  mail_secret_free (callback->code);
  g_free (callback->state);
  g_free (callback->error);
  g_free (callback->error_description);
  g_free (callback->error_uri);
  g_free (callback);
}

static gboolean
value_is_clean (const char *value)
{
  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return FALSE;
    }

  return TRUE;
}

static gboolean
take_param (char       **slot,
            const char  *name,
            char        *value,
            GError     **error)
{
  if (*slot != NULL)
    {
      mail_secret_free (value);
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_MALFORMED,
                   "The parameter %s appears more than once.", name);
      return FALSE;
    }

  if (!value_is_clean (value))
    {
      mail_secret_free (value);
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_MALFORMED,
                   "The parameter %s is not clean text.", name);
      return FALSE;
    }

  *slot = value;
  return TRUE;
}

MailOAuthCallback *
mail_oauth_callback_parse (const char  *query,
                           GError     **error)
{
  g_autoptr(MailOAuthCallback) callback = NULL;
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  char *name = NULL;
  char *value = NULL;

  if (query == NULL || *query == '\0')
    {
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_NOT_CALLBACK,
                   "The request has no query.");
      return NULL;
    }

  if (strlen (query) > MAX_QUERY_LENGTH)
    {
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_MALFORMED,
                   "The query is too long.");
      return NULL;
    }

  callback = g_new0 (MailOAuthCallback, 1);
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);

  while (g_uri_params_iter_next (&iter, &name, &value, &local_error))
    {
      g_autofree char *key = g_steal_pointer (&name);
      char **slot = NULL;

      if (g_strcmp0 (key, "code") == 0)
        slot = &callback->code;
      else if (g_strcmp0 (key, "state") == 0)
        slot = &callback->state;
      else if (g_strcmp0 (key, "error") == 0)
        slot = &callback->error;
      else if (g_strcmp0 (key, "error_description") == 0)
        slot = &callback->error_description;
      else if (g_strcmp0 (key, "error_uri") == 0)
        slot = &callback->error_uri;

      if (slot == NULL)
        {
          /* Providers add their own (session_state, iss, scope, ...). */
          mail_secret_free (g_steal_pointer (&value));
          continue;
        }

      if (!take_param (slot, key, g_steal_pointer (&value), error))
        return NULL;
    }

  if (local_error != NULL)
    {
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_MALFORMED,
                   "The query is not well formed: %s", local_error->message);
      return NULL;
    }

  if (callback->error != NULL)
    {
      /* An error answer never carries a usable code. */
      g_clear_pointer (&callback->code, mail_secret_free);
    }
  else if (callback->code == NULL || *callback->code == '\0')
    {
      g_set_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_NOT_CALLBACK,
                   "The query has neither a code nor an error.");
      return NULL;
    }

  return g_steal_pointer (&callback);
}

struct _MailOAuthListener
{
  GObject             parent_instance;

  char               *state;
  SoupServer         *server;
  guint16             port;

  GTask              *task;          /* the wait in progress */
  GCancellable       *cancellable;
  gulong              cancelled_id;
  guint               timeout_id;
  guint               flush_id;
  guint               cancel_idle_id;
  gboolean            answered;      /* the one callback has been taken */
  MailOAuthCallback  *result;        /* waiting for its page to be sent */
  GError             *result_error;
};

G_DEFINE_FINAL_TYPE (MailOAuthListener, mail_oauth_listener, G_TYPE_OBJECT)

static void finish_wait (MailOAuthListener *self);

static void
mail_oauth_listener_dispose (GObject *object)
{
  MailOAuthListener *self = MAIL_OAUTH_LISTENER (object);

  mail_oauth_listener_close (self);
  g_assert (self->task == NULL);

  G_OBJECT_CLASS (mail_oauth_listener_parent_class)->dispose (object);
}

static void
mail_oauth_listener_finalize (GObject *object)
{
  MailOAuthListener *self = MAIL_OAUTH_LISTENER (object);

  mail_secret_free (self->state);
  g_clear_pointer (&self->result, mail_oauth_callback_free);
  g_clear_error (&self->result_error);

  G_OBJECT_CLASS (mail_oauth_listener_parent_class)->finalize (object);
}

static void
mail_oauth_listener_class_init (MailOAuthListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mail_oauth_listener_dispose;
  object_class->finalize = mail_oauth_listener_finalize;
}

static void
mail_oauth_listener_init (MailOAuthListener *self)
{
}

MailOAuthListener *
mail_oauth_listener_new (const char *state)
{
  MailOAuthListener *self;

  g_return_val_if_fail (state != NULL && *state != '\0', NULL);

  self = g_object_new (MAIL_TYPE_OAUTH_LISTENER, NULL);
  self->state = g_strdup (state);
  return self;
}

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *heading,
              const char        *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *heading_html = g_markup_escape_text (heading, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);
  /* TRANSLATORS: the language code of this translation, for the browser page (lang="..."). */
  g_autofree char *lang_html = g_markup_escape_text (C_("html-lang", "en"), -1);
  g_autofree char *title_html = g_markup_escape_text (_("Mail Setup"), -1);
  g_autofree char *page = NULL;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title>"
                          "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;"
                          "padding:0 1em;line-height:1.5}</style></head>\n"
                          "<body><h1>%s</h1><p>%s</p></body></html>\n",
                          lang_html, title_html, heading_html, text_html);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
}

static void
respond_not_found (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char body[] = "Not found\n";

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static gboolean
state_matches (const char *expected,
               const char *received)
{
  gsize length = strlen (expected);
  guint8 difference = 0;

  if (received == NULL || strlen (received) != length)
    return FALSE;

  /* Constant time: every byte is compared whatever the first difference. */
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) (expected[i] ^ received[i]);
  return difference == 0;
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  MailOAuthListener *self = user_data;

  self->flush_id = 0;
  finish_wait (self);
  return G_SOURCE_REMOVE;
}

static void
answer_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  MailOAuthListener *self = user_data;

  /* The page is out: now the port can close, once libsoup is done with this message (the
   * server must not go away inside its own signal emission). */
  if (self->task != NULL && self->answered)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      self->flush_id = g_idle_add (flush_timeout_cb, self);
    }
}

/* DNS rebinding: a web page can make the browser send requests to this port under a name of
 * its own (attacker.example resolving to 127.0.0.1). The browser then names that host in the
 * Host header; the provider's redirect always names the loopback address and port. */
static gboolean
host_is_ours (MailOAuthListener *self,
              SoupServerMessage *msg)
{
  const char *host =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  const char *names[] = { "127.0.0.1", "[::1]", "localhost" };

  if (host == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s:%u", names[i], self->port);

      if (g_ascii_strcasecmp (host, expected) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
respond_bad_host (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char body[] = "Bad request\n";

  soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  MailOAuthListener *self = user_data;
  g_autoptr(MailOAuthCallback) callback = NULL;
  GUri *uri = soup_server_message_get_uri (msg);

  /* Not addressed to this listener by its loopback name: refused, and the wait goes on. */
  if (!host_is_ours (self, msg))
    {
      respond_bad_host (msg);
      return;
    }

  /* Only one answer is ever taken; favicon, probes, other paths and methods are not ours. */
  if (self->task == NULL || self->answered ||
      g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0 ||
      g_strcmp0 (path, "/") != 0)
    {
      respond_not_found (msg);
      return;
    }

  callback = mail_oauth_callback_parse (g_uri_get_query (uri), NULL);
  if (callback == NULL)
    {
      respond_not_found (msg);
      return;
    }

  self->answered = TRUE;

  if (!state_matches (self->state, callback->state))
    {
      respond_page (msg, SOUP_STATUS_BAD_REQUEST,
                    _("This answer does not belong to this sign-in"),
                    _("The sign-in answer came with a different security code than the "
                      "one Mail Setup sent, so it was refused and nothing was saved. "
                      "Return to Mail Setup and sign in again."));
      self->result_error = g_error_new (MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_STATE_MISMATCH,
                                        _("The browser’s answer did not belong to this "
                                          "sign-in attempt."));
    }
  else if (callback->error != NULL)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The provider said: %s. Return to Mail Setup to see what "
                                "to do next."),
                              callback->error_description != NULL
                                ? callback->error_description : callback->error);
      respond_page (msg, SOUP_STATUS_OK, _("Sign-in did not complete"), text);
      self->result = g_steal_pointer (&callback);
    }
  else
    {
      respond_page (msg, SOUP_STATUS_OK, _("Signed in"),
                    _("You can return to Mail Setup and close this tab."));
      self->result = g_steal_pointer (&callback);
    }

  g_signal_connect_object (msg, "finished", G_CALLBACK (answer_finished_cb), self, 0);
  self->flush_id = g_timeout_add (FLUSH_TIMEOUT_MS, flush_timeout_cb, self);
}

gboolean
mail_oauth_listener_start (MailOAuthListener  *self,
                           GError            **error)
{
  GSList *uris;

  g_return_val_if_fail (MAIL_IS_OAUTH_LISTENER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "", NULL);
  soup_server_add_handler (self->server, NULL, handle_request_cb, self, NULL);

  /* 127.0.0.1 on an ephemeral port, then ::1 on the same port (skipped without IPv6).
   * Never the wildcard address: nothing off this machine may answer the redirect. */
  if (!soup_server_listen_local (self->server, 0, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      int port = g_uri_get_port (l->data);

      if (port > 0)
        self->port = port;
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_debug ("OAuth2 redirect listener on loopback port %u", self->port);
  return TRUE;
}

guint16
mail_oauth_listener_get_port (MailOAuthListener *self)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_LISTENER (self), 0);

  return self->port;
}

GStrv
mail_oauth_listener_get_addresses (MailOAuthListener *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GSList *uris;

  g_return_val_if_fail (MAIL_IS_OAUTH_LISTENER (self), NULL);

  if (self->server != NULL)
    {
      uris = soup_server_get_uris (self->server);
      for (GSList *l = uris; l != NULL; l = l->next)
        g_strv_builder_add (builder, g_uri_get_host (l->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  return g_strv_builder_end (builder);
}

void
mail_oauth_listener_close (MailOAuthListener *self)
{
  g_return_if_fail (MAIL_IS_OAUTH_LISTENER (self));

  if (self->task != NULL)
    {
      if (self->result == NULL && self->result_error == NULL)
        self->result_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("The sign-in was cancelled."));
      finish_wait (self);
    }

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  self->port = 0;
}

static void
finish_wait (MailOAuthListener *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->cancel_idle_id, g_source_remove);
  if (self->cancelled_id != 0)
    g_signal_handler_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);

  /* Whatever happened, nobody may answer on this port any more. */
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  self->port = 0;

  if (self->result != NULL)
    g_task_return_pointer (task, g_steal_pointer (&self->result),
                           (GDestroyNotify) mail_oauth_callback_free);
  else
    g_task_return_error (task, g_steal_pointer (&self->result_error));
}

static gboolean
timeout_cb (gpointer user_data)
{
  MailOAuthListener *self = user_data;

  self->timeout_id = 0;
  if (self->answered)
    return G_SOURCE_REMOVE;  /* the answer page is on its way */

  self->result_error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                                    _("The browser did not come back within the time limit."));
  finish_wait (self);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  MailOAuthListener *self = user_data;

  self->cancel_idle_id = 0;
  if (self->task == NULL)
    return G_SOURCE_REMOVE;

  g_clear_pointer (&self->result, mail_oauth_callback_free);
  g_clear_error (&self->result_error);
  self->result_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                    _("The sign-in was cancelled."));
  finish_wait (self);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  MailOAuthListener *self = user_data;

  /* Finish from the main loop, not inside the cancellable's emission. */
  if (self->cancel_idle_id == 0)
    self->cancel_idle_id = g_idle_add (cancel_idle_cb, self);
}

void
mail_oauth_listener_wait_async (MailOAuthListener   *self,
                                guint                timeout_s,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MAIL_IS_OAUTH_LISTENER (self));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_oauth_listener_wait_async);

  if (self->server == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               "The listener is not started.");
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      mail_oauth_listener_close (self);
      return;
    }

  self->task = g_steal_pointer (&task);
  self->answered = FALSE;

  if (timeout_s == 0)
    timeout_s = MAIL_OAUTH_LISTENER_DEFAULT_TIMEOUT;
  self->timeout_id = g_timeout_add_seconds (timeout_s, timeout_cb, self);

  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                             G_CALLBACK (cancelled_cb), self);
    }
}

MailOAuthCallback *
mail_oauth_listener_wait_finish (MailOAuthListener  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (MAIL_IS_OAUTH_LISTENER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
