/* mail-server-alternatives.h: "these settings work", found on the same host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a check fails because of the port or the security mode (or the port is refused, silent
 * or not a mail server), the standard alternatives on the same host are checked at once, in
 * parallel, with no credential: a candidate works when it greets and its encryption (TLS or
 * STARTTLS, certificate verified) is set up. The first working one in the candidates' order is
 * offered; the person decides whether to use it.
 */
#pragma once

#include <gio/gio.h>

#include "mail-server.h"

G_BEGIN_DECLS

typedef struct
{
  guint16      port;
  MailSecurity security;
} MailPortCandidate;

/* IMAP 993 TLS, 143 STARTTLS; SMTP 465 TLS, 587 STARTTLS, 25 STARTTLS. */
const MailPortCandidate *mail_standard_port_candidates (MailProtocol             protocol,
                                                        guint                   *n_candidates);
/* TRUE for the diagnosis codes where another port or security mode may work. */
gboolean    mail_diagnosis_code_wants_alternatives    (const char              *code,
                                                        const char              *stage);
/* The servers to try instead of failed, in order: the same port with the other encrypted
 * mode, then extra (a provider's or discovery's other servers on the same host, may be NULL),
 * then ports (NULL: the standard candidates). Never the failed settings, never unencrypted. */
GPtrArray  *mail_server_alternatives                  (const MailServer         *failed,
                                                        const MailPortCandidate  *ports,
                                                        guint                     n_ports,
                                                        GPtrArray                *extra);
/* Reports whether one candidate works (once, also when cancelled). */
typedef void (*MailServerWorksFunc) (gboolean                  works,
                                     gpointer                  attempt);
/* Checks candidate without signing in (greeting and encryption), then calls
 * done (works, attempt). data: find_working's try_data. */
typedef void (*MailServerTryFunc)   (const MailServer         *candidate,
                                     GCancellable             *cancellable,
                                     MailServerWorksFunc       done,
                                     gpointer                  attempt,
                                     gpointer                  data);
/* Checks candidates (MailServer *) in parallel with try_candidate (mail-probe.c's greeting-only
 * probes, within the check's time limits); returns a copy of the first one, in the array's
 * order, that works, or NULL (no error) when none does. try_candidate is called for every
 * candidate before this returns, so try_data need not outlive the call. */
void        mail_server_find_working_async            (GPtrArray                *candidates,
                                                        MailServerTryFunc         try_candidate,
                                                        gpointer                  try_data,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
MailServer *mail_server_find_working_finish           (GAsyncResult             *result,
                                                        GError                  **error);
/* The mail-setup-cli test flags that select server: "--imap HOST:PORT --imap-security tls". */
char       *mail_server_to_cli_flags                  (const MailServer         *server);

G_END_DECLS
