/* mail-lab-delay-proxy.c: a TCP proxy on loopback that delays every byte (see the header)
 *
 * Blocking sockets and threads: per connection, one reader and one writer per direction; a
 * reader stamps each chunk with its delivery time and queues it, the writer sleeps until then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "mail-lab-delay-proxy.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define MAX_CONNECTIONS 64
#define CHUNK 16384

struct _MailLabDelayProxy
{
  int       listen_fd;
  guint16   port;
  guint16   target_port;
  gint64    delay_us;
  GThread  *acceptor;
  GMutex    lock;
  GCond     idle;
  guint     connections;
  guint     round_trips;
  gboolean  stopping;
};

typedef struct
{
  MailLabDelayProxy *proxy;
  GMutex             lock;
  int                client_fd;
  int                server_fd;
  gint64             open_at;       /* no byte goes to the server before (handshake) */
  gboolean           client_waiting; /* server data reached the client since it last sent */
  guint              round_trips;
  guint              refs;
} Connection;

typedef struct
{
  gint64  deliver_at;
  gsize   len;
  guint8  data[];
} Chunk;

typedef struct
{
  Connection  *connection;
  gboolean     to_server;
  GAsyncQueue *queue;   /* Chunk *; one with len 0 = end */
} Pipe;

static void
connection_unref (Connection *c)
{
  MailLabDelayProxy *proxy = c->proxy;

  g_mutex_lock (&c->lock);
  if (--c->refs > 0)
    {
      g_mutex_unlock (&c->lock);
      return;
    }
  g_mutex_unlock (&c->lock);
  close (c->client_fd);
  close (c->server_fd);
  g_mutex_lock (&proxy->lock);
  proxy->round_trips += c->round_trips;
  proxy->connections--;
  g_cond_broadcast (&proxy->idle);
  g_mutex_unlock (&proxy->lock);
  g_mutex_clear (&c->lock);
  g_free (c);
}

/* Client activity (data or close): one more round trip when it answers server data. */
static void
client_acted (Connection *c)
{
  g_mutex_lock (&c->lock);
  if (c->client_waiting)
    c->round_trips++;
  c->client_waiting = FALSE;
  g_mutex_unlock (&c->lock);
}

static gpointer
pipe_writer (gpointer data)
{
  Pipe *flow = data;
  Connection *c = flow->connection;
  int fd = flow->to_server ? c->server_fd : c->client_fd;
  gboolean broken = FALSE;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (flow->queue);
      gint64 now = g_get_monotonic_time ();
      gsize done = 0;

      if (chunk->deliver_at > now)
        g_usleep (chunk->deliver_at - now);
      if (chunk->len == 0)
        {
          g_free (chunk);
          shutdown (fd, SHUT_WR);
          break;
        }
      while (!broken && done < chunk->len)
        {
          ssize_t n = send (fd, chunk->data + done, chunk->len - done, MSG_NOSIGNAL);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            broken = TRUE;
          else
            done += n;
        }
      if (!flow->to_server && !broken)
        {
          g_mutex_lock (&c->lock);
          c->client_waiting = TRUE;
          g_mutex_unlock (&c->lock);
        }
      g_free (chunk);
    }
  g_async_queue_unref (flow->queue);
  g_free (flow);
  connection_unref (c);
  return NULL;
}

static gpointer
pipe_reader (gpointer data)
{
  Pipe *flow = data;
  Connection *c = flow->connection;
  int fd = flow->to_server ? c->client_fd : c->server_fd;
  guint8 buffer[CHUNK];

  for (;;)
    {
      ssize_t n = recv (fd, buffer, sizeof buffer, 0);
      gint64 at;
      Chunk *chunk;

      if (n < 0 && errno == EINTR)
        continue;
      if (flow->to_server)
        client_acted (c);
      at = g_get_monotonic_time () + c->proxy->delay_us;
      if (flow->to_server)
        at = MAX (at, c->open_at + c->proxy->delay_us);
      chunk = g_malloc (sizeof (Chunk) + MAX (n, 0));
      chunk->deliver_at = at;
      chunk->len = MAX (n, 0);
      if (n > 0)
        memcpy (chunk->data, buffer, n);
      g_async_queue_push (flow->queue, chunk);
      if (n <= 0)
        break;
    }
  g_async_queue_unref (flow->queue);
  g_free (flow);
  connection_unref (c);
  return NULL;
}

static void
start_direction (Connection *c,
                 gboolean    to_server)
{
  GAsyncQueue *queue = g_async_queue_new ();
  Pipe *reader = g_new0 (Pipe, 1);
  Pipe *writer = g_new0 (Pipe, 1);

  reader->connection = writer->connection = c;
  reader->to_server = writer->to_server = to_server;
  reader->queue = g_async_queue_ref (queue);
  writer->queue = queue;
  g_thread_unref (g_thread_new ("delay-reader", pipe_reader, reader));
  g_thread_unref (g_thread_new ("delay-writer", pipe_writer, writer));
}

static int
connect_target (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static gpointer
acceptor (gpointer data)
{
  MailLabDelayProxy *self = data;

  for (;;)
    {
      int fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      int one = 1;
      Connection *c;

      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          break;
        }
      g_mutex_lock (&self->lock);
      while (self->connections >= MAX_CONNECTIONS && !self->stopping)
        g_cond_wait (&self->idle, &self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          close (fd);
          break;
        }
      self->connections++;
      g_mutex_unlock (&self->lock);

      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      c = g_new0 (Connection, 1);
      g_mutex_init (&c->lock);
      c->proxy = self;
      c->client_fd = fd;
      c->server_fd = connect_target (self->target_port);
      c->open_at = g_get_monotonic_time () + self->delay_us;   /* 2 x delay with the chunk's */
      c->round_trips = 1;
      c->refs = 4;
      if (c->server_fd < 0)
        {
          c->server_fd = -1;
          shutdown (fd, SHUT_RDWR);
        }
      start_direction (c, TRUE);
      start_direction (c, FALSE);
    }
  return NULL;
}

MailLabDelayProxy *
mail_lab_delay_proxy_new (guint16 target_port,
                          guint   delay_ms)
{
  MailLabDelayProxy *self = g_new0 (MailLabDelayProxy, 1);
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  self->target_port = target_port;
  self->delay_us = (gint64) delay_ms * 1000;
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (self->listen_fd, >=, 0);
  g_assert_cmpint (bind (self->listen_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (self->listen_fd, 16), ==, 0);
  g_assert_cmpint (getsockname (self->listen_fd, (struct sockaddr *) &address, &length), ==, 0);
  self->port = ntohs (address.sin_port);
  self->acceptor = g_thread_new ("delay-proxy", acceptor, self);
  return self;
}

guint16
mail_lab_delay_proxy_get_port (MailLabDelayProxy *self)
{
  return self->port;
}

guint
mail_lab_delay_proxy_take_round_trips (MailLabDelayProxy *self)
{
  guint round_trips;

  g_mutex_lock (&self->lock);
  while (self->connections > 0)
    g_cond_wait (&self->idle, &self->lock);
  round_trips = self->round_trips;
  self->round_trips = 0;
  g_mutex_unlock (&self->lock);
  return round_trips;
}

void
mail_lab_delay_proxy_free (MailLabDelayProxy *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  while (self->connections > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);
  shutdown (self->listen_fd, SHUT_RDWR);
  close (self->listen_fd);
  g_thread_join (self->acceptor);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self);
}
