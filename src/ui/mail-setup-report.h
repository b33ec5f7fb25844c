/* mail-setup-report.h: the redacted diagnostic report, as text and as the CLI's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mail-check-result.h"
#include "mail-diagnosis.h"

G_BEGIN_DECLS

/* results: MailCheckResult *, may be empty. diagnosis: a failure before any check (sign-in,
 * keyring) or NULL. Neither holds a secret; the report only repeats them. */
char *mail_setup_report_to_text (const char          *email,
                                 const char          *provider_id,
                                 GPtrArray           *results,
                                 const MailDiagnosis *diagnosis);
/* The shape of `mail-setup-cli test --json` ({"email","provider","ok","checks":[...]}), with
 * "diagnosis" added at the top level for a failure outside the checks. */
char *mail_setup_report_to_json (const char          *email,
                                 const char          *provider_id,
                                 GPtrArray           *results,
                                 const MailDiagnosis *diagnosis);

G_END_DECLS
