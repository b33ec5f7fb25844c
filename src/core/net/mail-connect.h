/* mail-connect.h: sockets and TLS connections that cost only what they use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean       mail_proxy_is_configured        (void);

GSocketClient *mail_socket_client_new          (void);

GIOStream     *mail_tls_client_connection_new  (GIOStream           *base,
                                                GSocketConnectable  *identity,
                                                GTlsDatabase        *database,
                                                GError             **error);

G_END_DECLS
