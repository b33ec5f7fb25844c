/* test-oauth-listener.c: the loopback redirect receiver, spoken to over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "mail-oauth-listener.h"
#include "mail-types.h"

#define STATE "expected-state-3fK9"

typedef struct
{
  MailOAuthListener *listener;
  SoupSession       *session;
  guint16            port;
  gboolean           finished;
  MailOAuthCallback *callback;
  GError            *error;
} Fixture;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->callback = mail_oauth_listener_wait_finish (MAIL_OAUTH_LISTENER (object), result,
                                                       &fixture->error);
  fixture->finished = TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->listener = mail_oauth_listener_new (STATE);
  g_assert_true (mail_oauth_listener_start (fixture->listener, &error));
  g_assert_no_error (error);
  fixture->port = mail_oauth_listener_get_port (fixture->listener);
  g_assert_cmpuint (fixture->port, >, 0);
  fixture->session = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->listener);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->callback, mail_oauth_callback_free);
  g_clear_error (&fixture->error);
}

static void
start_waiting (Fixture      *fixture,
               guint         timeout_s,
               GCancellable *cancellable)
{
  mail_oauth_listener_wait_async (fixture->listener, timeout_s, cancellable, wait_cb, fixture);
}

static void
wait_finished (Fixture *fixture)
{
  while (!fixture->finished)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Reply;

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &reply->error);
  reply->done = TRUE;
}

/* Sends one request; returns the status (0 on a transport error) and the body. */
static guint
request (Fixture     *fixture,
         const char  *method,
         const char  *host,
         const char  *path_and_query,
         char       **body)
{
  g_autofree char *url = g_strdup_printf ("http://%s:%u%s", host, fixture->port, path_and_query);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  Reply reply = { 0 };
  guint status;

  g_assert_nonnull (message);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    reply_cb, &reply);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);

  status = reply.error != NULL ? 0 : soup_message_get_status (message);
  if (body != NULL)
    *body = reply.body != NULL ? g_strndup (g_bytes_get_data (reply.body, NULL),
                                            g_bytes_get_size (reply.body)) : NULL;
  g_clear_pointer (&reply.body, g_bytes_unref);
  g_clear_error (&reply.error);
  return status;
}

/* Sends a GET to 127.0.0.1 with the Host header a browser would send for host_header (a name
 * that a rebinding DNS points at 127.0.0.1). Returns the status. */
static guint
request_with_host (Fixture    *fixture,
                   const char *host_header,
                   const char *path_and_query)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path_and_query);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  Reply reply = { 0 };
  guint status;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Host",
                                host_header);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    reply_cb, &reply);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);

  status = reply.error != NULL ? 0 : soup_message_get_status (message);
  g_clear_pointer (&reply.body, g_bytes_unref);
  g_clear_error (&reply.error);
  return status;
}

/* Lets the main loop run a little (for the listener to close after answering). */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
port_accepts (const char *address,
              guint16     port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, address, port, NULL, &error);
  if (connection == NULL)
    g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
                   g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
                   g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE));
  return connection != NULL;
}

static gboolean
ipv6_loopback_works (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

static void
test_not_ours_then_callback (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *body = NULL;

  start_waiting (fixture, 30, NULL);

  /* Favicon, probes, other paths, other methods: 404, and the wait goes on. */
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/favicon.ico", NULL), ==, 404);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/", NULL), ==, 404);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/other?code=abc&state=" STATE, NULL),
                    ==, 404);
  g_assert_cmpuint (request (fixture, "POST", "127.0.0.1", "/?code=abc&state=" STATE, NULL),
                    ==, 404);
  g_assert_cmpuint (request (fixture, "HEAD", "127.0.0.1", "/?code=abc&state=" STATE, NULL),
                    ==, 404);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/?state=" STATE, NULL), ==, 404);
  spin (50);
  g_assert_false (fixture->finished);

  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1",
                             "/?code=the%2Fcode&state=" STATE "&session_state=x", &body),
                    ==, 200);
  g_assert_nonnull (strstr (body, "You can return to Mail Setup"));
  wait_finished (fixture);
  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->callback);
  g_assert_cmpstr (fixture->callback->code, ==, "the/code");
  g_assert_cmpstr (fixture->callback->state, ==, STATE);
  g_assert_null (fixture->callback->error);
}

static void
test_host_header (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *attacker = g_strdup_printf ("attacker.example:%u", fixture->port);
  g_autofree char *other_port = g_strdup_printf ("127.0.0.1:%u", fixture->port == 1 ? 2 : 1);
  g_autofree char *localhost = g_strdup_printf ("LocalHost:%u", fixture->port);
  g_autofree char *ipv6 = g_strdup_printf ("[::1]:%u", fixture->port);

  start_waiting (fixture, 30, NULL);

  /* A page that rebinds its name to 127.0.0.1 sends its own name: refused, the wait goes on
   * and no code is taken from it. */
  g_assert_cmpuint (request_with_host (fixture, attacker, "/?code=evil&state=" STATE), ==, 400);
  g_assert_cmpuint (request_with_host (fixture, other_port, "/?code=evil&state=" STATE), ==, 400);
  g_assert_cmpuint (request_with_host (fixture, "127.0.0.1", "/?code=evil&state=" STATE), ==,
                    400);
  spin (50);
  g_assert_false (fixture->finished);

  g_assert_cmpuint (request_with_host (fixture, ipv6, "/favicon.ico"), ==, 404);
  g_assert_cmpuint (request_with_host (fixture, localhost, "/?code=good&state=" STATE), ==, 200);
  wait_finished (fixture);
  g_assert_no_error (fixture->error);
  g_assert_cmpstr (fixture->callback->code, ==, "good");
}

static void
test_second_callback_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  guint status;

  start_waiting (fixture, 30, NULL);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/?code=first&state=" STATE, NULL),
                    ==, 200);
  wait_finished (fixture);
  g_assert_cmpstr (fixture->callback->code, ==, "first");

  /* The listener is closed once the first answer is out: a replay finds nobody. */
  spin (100);
  status = request (fixture, "GET", "127.0.0.1", "/?code=second&state=" STATE, NULL);
  g_assert_cmpuint (status, ==, 0);
  g_assert_false (port_accepts ("127.0.0.1", fixture->port));
  g_assert_cmpuint (mail_oauth_listener_get_port (fixture->listener), ==, 0);
  g_assert_cmpstr (fixture->callback->code, ==, "first");
}

static void
test_state_mismatch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *body = NULL;

  start_waiting (fixture, 30, NULL);
  /* What another page would send: a code with a state of its own. */
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1",
                             "/?code=attacker-code&state=forged-state", &body), ==, 400);
  g_assert_null (strstr (body, "You can return to Mail Setup"));
  g_assert_nonnull (strstr (body, "nothing was saved"));
  wait_finished (fixture);
  g_assert_error (fixture->error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_STATE_MISMATCH);
  g_assert_null (fixture->callback);
  spin (100);
  g_assert_false (port_accepts ("127.0.0.1", fixture->port));
}

static void
test_state_missing (Fixture       *fixture,
                    gconstpointer  data)
{
  start_waiting (fixture, 30, NULL);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/?code=attacker-code", NULL), ==, 400);
  wait_finished (fixture);
  g_assert_error (fixture->error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_STATE_MISMATCH);
}

static void
test_state_prefix (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A state that only starts like ours is not ours. */
  start_waiting (fixture, 30, NULL);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1", "/?code=c&state=" STATE "x", NULL),
                    ==, 400);
  wait_finished (fixture);
  g_assert_error (fixture->error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_STATE_MISMATCH);
}

static void
test_provider_error (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *body = NULL;

  start_waiting (fixture, 30, NULL);
  g_assert_cmpuint (request (fixture, "GET", "127.0.0.1",
                             "/?error=access_denied"
                             "&error_description=The+user+said+%3Cb%3Eno%3C%2Fb%3E"
                             "&state=" STATE, &body), ==, 200);
  /* The provider's words are shown, as text, never as markup. */
  g_assert_nonnull (strstr (body, "The user said &lt;b&gt;no&lt;/b&gt;"));
  g_assert_null (strstr (body, "<b>no"));
  wait_finished (fixture);
  g_assert_no_error (fixture->error);
  g_assert_cmpstr (fixture->callback->error, ==, "access_denied");
  g_assert_cmpstr (fixture->callback->error_description, ==, "The user said <b>no</b>");
  g_assert_null (fixture->callback->code);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  start_waiting (fixture, 1, NULL);
  wait_finished (fixture);
  g_assert_error (fixture->error, MAIL_ERROR, MAIL_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_false (port_accepts ("127.0.0.1", fixture->port));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_closes_port (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  start_waiting (fixture, 30, cancellable);
  g_assert_true (port_accepts ("127.0.0.1", fixture->port));
  g_timeout_add (100, cancel_cb, cancellable);
  wait_finished (fixture);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (port_accepts ("127.0.0.1", fixture->port));
  if (ipv6_loopback_works ())
    g_assert_false (port_accepts ("::1", fixture->port));
}

/* Every listening socket on the port, from the kernel's own tables. */
static GPtrArray *
listening_addresses (guint16 port)
{
  static const char *const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (tables[t], &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
          g_autoptr(GPtrArray) words = g_ptr_array_new ();
          char *colon;

          for (guint f = 0; fields[f] != NULL; f++)
            if (*fields[f] != '\0')
              g_ptr_array_add (words, fields[f]);
          if (words->len < 4 || g_strcmp0 (g_ptr_array_index (words, 3), "0A") != 0)
            continue;  /* not LISTEN */
          colon = strchr (g_ptr_array_index (words, 1), ':');
          if (colon == NULL || g_ascii_strtoull (colon + 1, NULL, 16) != port)
            continue;
          g_ptr_array_add (found, g_strndup (g_ptr_array_index (words, 1),
                                             colon - (char *) g_ptr_array_index (words, 1)));
        }
    }

  return found;
}

static void
test_loopback_only (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) kernel = listening_addresses (fixture->port);
  g_auto(GStrv) addresses = mail_oauth_listener_get_addresses (fixture->listener);

  /* 127.0.0.1 and ::1 as the kernel writes them; never 0.0.0.0 or ::. */
  g_assert_cmpuint (kernel->len, >=, 1);
  for (guint i = 0; i < kernel->len; i++)
    {
      const char *address = g_ptr_array_index (kernel, i);

      g_assert_true (g_strcmp0 (address, "0100007F") == 0 ||
                     g_strcmp0 (address, "00000000000000000000000001000000") == 0);
    }

  g_assert_true (g_strv_contains ((const char *const *) addresses, "127.0.0.1"));
  for (guint i = 0; addresses[i] != NULL; i++)
    g_assert_true (g_strcmp0 (addresses[i], "127.0.0.1") == 0 ||
                   g_strcmp0 (addresses[i], "::1") == 0);

  if (ipv6_loopback_works ())
    {
      /* The same port on ::1: a browser resolving localhost to ::1 still reaches us. */
      start_waiting (fixture, 30, NULL);
      g_assert_true (g_strv_contains ((const char *const *) addresses, "::1"));
      g_assert_cmpuint (request (fixture, "GET", "[::1]", "/favicon.ico", NULL), ==, 404);
      g_assert_cmpuint (request (fixture, "GET", "[::1]", "/?code=v6&state=" STATE, NULL), ==, 200);
      wait_finished (fixture);
      g_assert_cmpstr (fixture->callback->code, ==, "v6");
    }
}

static void
test_parse (void)
{
  static const struct { const char *query; int error; const char *code; } cases[] = {
    { "code=abc&state=s", -1, "abc" },
    { "code=a+b%2B&state=s", -1, "a b+" },
    { "state=s&code=x&iss=https%3A%2F%2Fidp", -1, "x" },
    { "error=access_denied&code=ignored&state=s", -1, NULL },
    { "", MAIL_OAUTH_ERROR_NOT_CALLBACK, NULL },
    { "state=s", MAIL_OAUTH_ERROR_NOT_CALLBACK, NULL },
    { "code=&state=s", MAIL_OAUTH_ERROR_NOT_CALLBACK, NULL },
    { "code=a&code=b&state=s", MAIL_OAUTH_ERROR_MALFORMED, NULL },
    { "code=a&state=s&state=t", MAIL_OAUTH_ERROR_MALFORMED, NULL },
    { "code=a%0Ab&state=s", MAIL_OAUTH_ERROR_MALFORMED, NULL },
    { "code=a%00b&state=s", MAIL_OAUTH_ERROR_MALFORMED, NULL },
    { "code=%ZZ&state=s", MAIL_OAUTH_ERROR_MALFORMED, NULL },
    { "code=%FF%FE&state=s", MAIL_OAUTH_ERROR_MALFORMED, NULL },
  };
  g_autoptr(GString) huge = g_string_new ("state=s&code=");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailOAuthCallback) callback = mail_oauth_callback_parse (cases[i].query, &error);

      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (callback);
          g_assert_cmpstr (callback->code, ==, cases[i].code);
        }
      else
        {
          g_assert_error (error, MAIL_OAUTH_ERROR, cases[i].error);
          g_assert_null (callback);
        }
    }

  for (guint i = 0; i < 17 * 1024; i++)
    g_string_append_c (huge, 'a');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MailOAuthCallback) callback = mail_oauth_callback_parse (huge->str, &error);

    g_assert_error (error, MAIL_OAUTH_ERROR, MAIL_OAUTH_ERROR_MALFORMED);
    g_assert_null (callback);
  }

  g_assert_null (mail_oauth_callback_parse (NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/oauth-listener/not-ours-then-callback", test_not_ours_then_callback);
  ADD ("/oauth-listener/host-header", test_host_header);
  ADD ("/oauth-listener/second-callback-refused", test_second_callback_refused);
  ADD ("/oauth-listener/state-mismatch", test_state_mismatch);
  ADD ("/oauth-listener/state-missing", test_state_missing);
  ADD ("/oauth-listener/state-prefix", test_state_prefix);
  ADD ("/oauth-listener/provider-error", test_provider_error);
  ADD ("/oauth-listener/timeout", test_timeout);
  ADD ("/oauth-listener/cancel-closes-port", test_cancel_closes_port);
  ADD ("/oauth-listener/loopback-only", test_loopback_only);
  g_test_add_func ("/oauth-listener/parse", test_parse);

  return g_test_run ();
}
