/* fuzz-autoconfig.c: the clientConfig v1.1 reader must never crash, leak or overrun
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "mail-autoconfig.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = mail_autoconfig_parse ((const char *) data, size, "fuzz.user@example.org", &error);
  /* Exactly one of the two. */
  g_assert ((config == NULL) != (error == NULL));
  if (config != NULL)
    g_assert (config->imap != NULL || config->smtp != NULL);
  return 0;
}
