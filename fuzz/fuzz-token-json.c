/* fuzz-token-json.c: the token endpoint's answer parser and the body redaction must never
 * crash, leak or overrun
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-oauth-token-client.h"
#include "mail-types.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;

  tokens = mail_oauth_tokens_parse ((const char *) data, size, 1000, &error);
  g_assert ((tokens == NULL) != (error == NULL));
  if (tokens != NULL)
    {
      g_assert (tokens->access_token != NULL && *tokens->access_token != '\0');
      g_assert (strpbrk (tokens->access_token, " \t\r\n") == NULL);
      g_assert (tokens->expires_in >= 0);
      g_assert (tokens->expires_at == 0 || tokens->expires_at >= 1000);
    }
  else
    g_assert (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_PROTOCOL);

  /* The redaction sees whatever an endpoint sends, as text. */
  text = g_strndup ((const char *) data, size);
  redacted = mail_oauth_redact_body (text);
  g_assert (redacted != NULL);
  return 0;
}
