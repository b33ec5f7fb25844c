/* mail-soup-loader.c: libsoup, loaded the first time HTTP is used
 *
 * Only discovery (autoconfig over HTTPS) and OAuth (the token endpoint, the loopback
 * redirect) speak HTTP. Linking libsoup would load it, with Kerberos, SQLite, Brotli, nghttp2
 * and libpsl, into every process: `token` once for every connection a mail client makes,
 * `test` with its servers given, `accounts`, `export`. Instead the core defines the few libsoup
 * functions it calls; each loads libsoup-3.0.so.0 on first use (GModule) and calls the real
 * one. The declarations come from libsoup's own headers, so a changed signature fails to build.
 *
 * Packagers: the binaries still need libsoup 3 at run time (dpkg-shlibdeps does not see a
 * dlopen()ed library: declare libsoup-3.0-0 as a dependency).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmodule.h>
#include <libsoup/soup.h>

#define MAIL_SOUP_LIBRARY "libsoup-3.0.so.0"

/* The interned method names behind SOUP_METHOD_GET and SOUP_METHOD_POST: a cache of
 * g_intern_static_string, the same strings whichever copy holds them. */
gpointer _SOUP_METHOD_GET;
gpointer _SOUP_METHOD_POST;

static gpointer
soup_symbol (const char *name)
{
  static GModule *module;
  gpointer symbol = NULL;

  if (g_once_init_enter (&module))
    {
      GModule *opened = g_module_open (MAIL_SOUP_LIBRARY, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

      if (opened == NULL)
        g_error ("Cannot load %s: %s", MAIL_SOUP_LIBRARY, g_module_error ());
      g_module_make_resident (opened);
      g_once_init_leave (&module, opened);
    }
  if (!g_module_symbol (module, name, &symbol) || symbol == NULL)
    g_error ("%s has no %s", MAIL_SOUP_LIBRARY, name);
  return symbol;
}

/* Looks the real function up once; "real" is the function pointer's type. */
#define REAL(name) \
  static gpointer real_##name; \
  gpointer function_##name = g_atomic_pointer_get (&real_##name); \
  if (function_##name == NULL) \
    { \
      function_##name = soup_symbol (#name); \
      g_atomic_pointer_set (&real_##name, function_##name); \
    }

#define FORWARD(type, name, params, args) \
  type name params \
  { \
    REAL (name) \
    return ((type (*) params) function_##name) args; \
  }

#define FORWARD_VOID(name, params, args) \
  void name params \
  { \
    REAL (name) \
    ((void (*) params) function_##name) args; \
  }

FORWARD (GType, soup_session_get_type, (void), ())
FORWARD (GType, soup_server_get_type, (void), ())

FORWARD (SoupMessage *, soup_message_new,
         (const char *method, const char *uri_string), (method, uri_string))
FORWARD (SoupMessageHeaders *, soup_message_get_request_headers, (SoupMessage *msg), (msg))
FORWARD (SoupStatus, soup_message_get_status, (SoupMessage *msg), (msg))
FORWARD (GUri *, soup_message_get_uri, (SoupMessage *msg), (msg))
FORWARD_VOID (soup_message_headers_replace,
              (SoupMessageHeaders *hdrs, const char *name, const char *value),
              (hdrs, name, value))
FORWARD_VOID (soup_message_set_request_body_from_bytes,
              (SoupMessage *msg, const char *content_type, GBytes *bytes),
              (msg, content_type, bytes))

FORWARD_VOID (soup_server_add_handler,
              (SoupServer *server, const char *path, SoupServerCallback callback,
               gpointer user_data, GDestroyNotify destroy),
              (server, path, callback, user_data, destroy))
FORWARD_VOID (soup_server_disconnect, (SoupServer *server), (server))
FORWARD (GSList *, soup_server_get_uris, (SoupServer *server), (server))
FORWARD (gboolean, soup_server_listen_local,
         (SoupServer *server, guint port, SoupServerListenOptions options, GError **error),
         (server, port, options, error))
FORWARD (const char *, soup_server_message_get_method, (SoupServerMessage *msg), (msg))
FORWARD (SoupMessageHeaders *, soup_server_message_get_response_headers,
         (SoupServerMessage *msg), (msg))
FORWARD (GUri *, soup_server_message_get_uri, (SoupServerMessage *msg), (msg))
FORWARD_VOID (soup_server_message_set_response,
              (SoupServerMessage *msg, const char *content_type, SoupMemoryUse resp_use,
               const char *resp_body, gsize resp_length),
              (msg, content_type, resp_use, resp_body, resp_length))
FORWARD_VOID (soup_server_message_set_status,
              (SoupServerMessage *msg, guint status_code, const char *reason_phrase),
              (msg, status_code, reason_phrase))

FORWARD_VOID (soup_session_send_async,
              (SoupSession *session, SoupMessage *msg, int io_priority,
               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data),
              (session, msg, io_priority, cancellable, callback, user_data))
FORWARD (GInputStream *, soup_session_send_finish,
         (SoupSession *session, GAsyncResult *result, GError **error),
         (session, result, error))
FORWARD_VOID (soup_session_set_tls_database,
              (SoupSession *session, GTlsDatabase *tls_database),
              (session, tls_database))
FORWARD (const char *, soup_tld_get_base_domain,
         (const char *hostname, GError **error), (hostname, error))

/* The variadic constructors are g_object_new with the type (as in libsoup itself). */
SoupServer *
soup_server_new (const char *optname1,
                 ...)
{
  SoupServer *server;
  va_list ap;

  va_start (ap, optname1);
  server = (SoupServer *) g_object_new_valist (soup_server_get_type (), optname1, ap);
  va_end (ap);
  return server;
}

SoupSession *
soup_session_new_with_options (const char *optname1,
                               ...)
{
  SoupSession *session;
  va_list ap;

  va_start (ap, optname1);
  session = (SoupSession *) g_object_new_valist (soup_session_get_type (), optname1, ap);
  va_end (ap);
  return session;
}

/* Token requests do not follow redirects; the loopback listener checks the Host header. */
FORWARD_VOID (soup_message_add_flags, (SoupMessage *msg, SoupMessageFlags flags), (msg, flags))
FORWARD (SoupMessageHeaders *, soup_message_get_response_headers, (SoupMessage *msg), (msg))
FORWARD (const char *, soup_message_headers_get_one,
         (SoupMessageHeaders *hdrs, const char *name), (hdrs, name))
FORWARD (SoupMessageHeaders *, soup_server_message_get_request_headers,
         (SoupServerMessage *msg), (msg))
