/* mail-connection-look.h: the second look at a silent port or a failed TLS handshake
 * (mail-connection.c's; see mail-connection-look.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-connection.h"

G_BEGIN_DECLS

/* After a short silence in the greeting or tls step, looks at the port on a second connection. */
void     mail_connection_watch_silence       (MailConnection *self);
void     mail_connection_look_stop           (MailConnection *self);
/* An implicit TLS handshake failed with error: TRUE when a look was started (it ends the run). */
gboolean mail_connection_look_at_tls_failure (MailConnection *self,
                                              const GError   *error);
/* The step limit ran out: TRUE when the look took it (more time once, or the greeting's
 * server-timeout). */
gboolean mail_connection_look_step_timed_out (MailConnection *self);

G_END_DECLS
