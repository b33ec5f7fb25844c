/* mail-probe-smtp.h: the SMTP half of the connection test, as a protocol of MailConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-connection.h"

G_BEGIN_DECLS

extern const MailConnectionProtocol mail_probe_smtp_protocol;

G_END_DECLS
