/* discovery-test-server.h: a SoupServer in its own thread serving autoconfig documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DiscoveryTestServer DiscoveryTestServer;

/* Listens on 127.0.0.1, a free port, in a thread of its own. */
DiscoveryTestServer *discovery_test_server_new      (void);
void                 discovery_test_server_free     (DiscoveryTestServer *server);
/* The same over HTTPS with certificate (for localhost): base "https://localhost:PORT". */
DiscoveryTestServer *discovery_test_server_new_https (GTlsCertificate    *certificate);
/* "http://127.0.0.1:PORT" (HTTPS: "https://localhost:PORT") */
const char          *discovery_test_server_get_base (DiscoveryTestServer *server);
/* Serves body (copied) at path after delay_ms; anything else is 404 at once. */
void                 discovery_test_server_add      (DiscoveryTestServer *server,
                                                     const char          *path,
                                                     const char          *body,
                                                     gsize                length,
                                                     guint                delay_ms);
/* Number of requests answered or refused so far. */
guint                discovery_test_server_get_hits (DiscoveryTestServer *server);

G_END_DECLS
