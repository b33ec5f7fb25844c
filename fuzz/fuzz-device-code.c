/* fuzz-device-code.c: the device authorization answer parser (RFC 8628 §3.2) and the tenant
 * parser of stored token addresses must never crash, leak or overrun, and what they accept
 * must be safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-oauth-device.h"
#include "mail-types.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailOAuthDeviceCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tenant = NULL;

  code = mail_oauth_device_code_parse ((const char *) data, size, &error);
  g_assert ((code == NULL) != (error == NULL));
  if (code != NULL)
    {
      g_assert (code->device_code != NULL && *code->device_code != '\0');
      g_assert (code->user_code != NULL && strpbrk (code->user_code, "\r\n\033") == NULL);
      g_assert (g_str_has_prefix (code->verification_uri, "http"));
      g_assert (strpbrk (code->verification_uri, "\r\n\033") == NULL);
      g_assert (code->expires_in >= 1 && code->interval >= 1);
    }
  else
    g_assert (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_PROTOCOL);

  /* A stored token address, as text. */
  text = g_strndup ((const char *) data, size);
  tenant = mail_provider_tenant_from_url (text);
  if (tenant != NULL)
    g_assert (strpbrk (tenant, "/?#%\\ \r\n") == NULL && *tenant != '\0');
  return 0;
}
