/* discovery-test-server.c: a SoupServer in its own thread serving autoconfig documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "discovery-test-server.h"

typedef struct
{
  GBytes *body;
  guint   delay_ms;
} Document;

struct _DiscoveryTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;
  GTlsCertificate *certificate; /* HTTPS when set */

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GHashTable   *documents;   /* path → Document */
  guint         hits;
  GPtrArray    *delayed;     /* GSource *, server thread only */
};

static void
document_free (gpointer data)
{
  Document *document = data;

  g_bytes_unref (document->body);
  g_free (document);
}

typedef struct
{
  SoupServerMessage *message;
  GBytes            *body;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_object_unref (delayed->message);
  g_bytes_unref (delayed->body);
  g_free (delayed);
}

static gboolean
answer_later_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  soup_server_message_set_status (delayed->message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (delayed->message, "application/xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (delayed->body, NULL),
                                    g_bytes_get_size (delayed->body));
  soup_server_message_unpause (delayed->message);
  return G_SOURCE_REMOVE;
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  DiscoveryTestServer *server = user_data;
  g_autoptr(GBytes) body = NULL;
  guint delay_ms = 0;
  Document *document;

  g_mutex_lock (&server->lock);
  server->hits++;
  document = g_hash_table_lookup (server->documents, path);
  if (document != NULL)
    {
      body = g_bytes_ref (document->body);
      delay_ms = document->delay_ms;
    }
  g_mutex_unlock (&server->lock);

  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      g_autoptr(GSource) source = g_timeout_source_new (delay_ms);

      delayed->message = g_object_ref (message);
      delayed->body = g_steal_pointer (&body);
      soup_server_message_pause (message);
      g_source_set_callback (source, answer_later_cb, delayed, delayed_free);
      g_source_attach (source, server->context);
      g_ptr_array_add (server->delayed, g_source_ref (source));
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gpointer
server_thread (gpointer user_data)
{
  DiscoveryTestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  server->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  server->server = soup_server_new ("tls-certificate", server->certificate, NULL);
  soup_server_add_handler (server->server, NULL, handler_cb, server, NULL);
  soup_server_listen_local (server->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (server->certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&server->lock);
  if (server->certificate != NULL)
    server->base = g_strdup_printf ("https://localhost:%d", g_uri_get_port (uris->data));
  else
    server->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  /* Answers still waiting are dropped with the connections. */
  for (guint i = 0; i < server->delayed->len; i++)
    g_source_destroy (g_ptr_array_index (server->delayed, i));
  g_ptr_array_unref (server->delayed);
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static DiscoveryTestServer *
server_new (GTlsCertificate *certificate)
{
  DiscoveryTestServer *server = g_new0 (DiscoveryTestServer, 1);

  server->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, document_free);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("discovery-test-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

DiscoveryTestServer *
discovery_test_server_new (void)
{
  return server_new (NULL);
}

DiscoveryTestServer *
discovery_test_server_new_https (GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  return server_new (certificate);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
discovery_test_server_free (DiscoveryTestServer *server)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, quit_cb, server->loop, NULL);
  g_source_attach (source, server->context);
  g_thread_join (server->thread);

  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_hash_table_unref (server->documents);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->base);
  g_clear_object (&server->certificate);
  g_free (server);
}

const char *
discovery_test_server_get_base (DiscoveryTestServer *server)
{
  return server->base;
}

void
discovery_test_server_add (DiscoveryTestServer *server,
                           const char          *path,
                           const char          *body,
                           gsize                length,
                           guint                delay_ms)
{
  Document *document = g_new0 (Document, 1);

  document->body = g_bytes_new (body, length);
  document->delay_ms = delay_ms;
  g_mutex_lock (&server->lock);
  g_hash_table_replace (server->documents, g_strdup (path), document);
  g_mutex_unlock (&server->lock);
}

guint
discovery_test_server_get_hits (DiscoveryTestServer *server)
{
  guint hits;

  g_mutex_lock (&server->lock);
  hits = server->hits;
  g_mutex_unlock (&server->lock);
  return hits;
}
