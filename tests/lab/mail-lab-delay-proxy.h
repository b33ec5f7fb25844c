/* mail-lab-delay-proxy.h: a TCP proxy on loopback that delays every byte, and counts round trips
 *
 * For benchmarks: what a client costs on a real network (issue 16). Listens on 127.0.0.1:<free
 * port>, forwards each connection to 127.0.0.1:target_port, and delivers every chunk read in
 * either direction delay_ms after it was read (latency, not bandwidth: order is kept). A new
 * connection is held for 2 * delay_ms first (the TCP handshake's round trip).
 *
 * Round trips are counted per connection as the client waits for the server: 1 for the
 * handshake, plus 1 each time the client sends (or closes) after server data reached it since
 * it last sent. A client that closes without waiting for the answer to LOGOUT/QUIT does not
 * pay that round trip. Runs in its own threads; bounded (at most 64 connections at once).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MailLabDelayProxy MailLabDelayProxy;

MailLabDelayProxy *mail_lab_delay_proxy_new              (guint16            target_port,
                                                          guint              delay_ms);
guint16            mail_lab_delay_proxy_get_port         (MailLabDelayProxy *self);
/* Round trips of all connections closed since the last call (and resets the count). */
guint              mail_lab_delay_proxy_take_round_trips (MailLabDelayProxy *self);
void               mail_lab_delay_proxy_free             (MailLabDelayProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailLabDelayProxy, mail_lab_delay_proxy_free)

G_END_DECLS
