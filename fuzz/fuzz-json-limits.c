/* fuzz-json-limits.c: mail_json_parse_bounded() must never crash, leak or overrun, whatever
 * the nesting, and what it accepts json-glib parses without running out of stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-account-settings.h"
#include "mail-json.h"
#include "mail-types.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = mail_json_parse_bounded ((const char *) data, size, "the input", &error);
  g_assert ((root == NULL) != (error == NULL));
  if (root == NULL)
    {
      g_assert (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_PROTOCOL);
      return 0;
    }

  /* What passed the limits goes on to the settings reader, as a stored account's would. */
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(GError) settings_error = NULL;
      g_autoptr(MailAccountSettings) settings =
        mail_account_settings_from_json (root, NULL, &settings_error);

      g_assert ((settings == NULL) != (settings_error == NULL));
    }
  return 0;
}
