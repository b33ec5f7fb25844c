/* mail-test-probe.h: the probe run to its end, against the lab or the scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-probe.h"
#include "mail-lab-scripted-server.h"

G_BEGIN_DECLS

MailCheckResult       *mail_test_run_probe_full (MailProbe     *probe,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
MailCheckResult       *mail_test_run_probe      (MailProbe     *probe);
MailLabScriptedServer *mail_test_start_scripted (MailLabProtocol protocol,
                                                 MailLabTls      tls);
void                   mail_test_start_server   (MailLabScriptedServer *server);
MailProbe             *mail_test_scripted_probe (MailLabScriptedServer *server,
                                                 MailProtocol           protocol,
                                                 MailSecurity           security,
                                                 const char            *email,
                                                 MailAuthKind           auth,
                                                 const char            *secret,
                                                 gboolean               given);
char                  *mail_test_check_result_to_json (const MailCheckResult *result);
void                   mail_test_assert_code    (const MailCheckResult *result,
                                                 const char            *code,
                                                 const char            *stage);

G_END_DECLS
