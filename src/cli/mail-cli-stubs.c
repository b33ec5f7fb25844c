/* mail-cli-stubs.c: subcommands whose implementation has not landed yet.
 * Each area removes its function from here when it adds its mail-cli-<command>.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-cli.h"

#define STUB(name) \
  int mail_cli_##name (MailCliCommon *common, int argc, char **argv) \
  { return mail_cli_usage_error (common, "%s", _("This command is not available yet.")); }

STUB (test)
STUB (discover)
