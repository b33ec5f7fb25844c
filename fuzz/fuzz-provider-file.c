/* fuzz-provider-file.c: the provider-file reader (line checks, duplicate keys, GKeyFile, the
 * fields) must never crash, leak or overrun, and must either give a provider or say why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "mail-provider.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = mail_provider_new_from_data ((const char *) data, size, "fuzz.provider", &error);
  /* Exactly one of the two; an error names the file. */
  g_assert ((provider == NULL) != (error == NULL));
  if (provider != NULL)
    {
      g_autofree char *expanded = NULL;

      g_assert (provider->id != NULL && *provider->id != '\0');
      g_assert (provider->name != NULL);
      if (provider->imap.username != NULL)
        expanded = mail_provider_expand (provider->imap.username, "fuzz.user@example.org");
    }
  else
    g_assert (g_str_has_prefix (error->message, "fuzz.provider"));
  return 0;
}
