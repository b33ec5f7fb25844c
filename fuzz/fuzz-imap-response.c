/* fuzz-imap-response.c: the IMAP response scanner and parser on arbitrary server bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "mail-imap-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gsize pos = 0;

  /* As the probe does: cut responses off the front of the buffer, parse each. */
  while (pos < size)
    {
      g_autoptr(GError) error = NULL;
      gssize n = mail_imap_response_scan (text + pos, size - pos, &error);
      g_autoptr(MailImapResponse) response = NULL;

      if (n <= 0)
        {
          /* Incomplete: the parser must still cope with what is there. */
          g_clear_error (&error);
          response = mail_imap_response_parse (text + pos, size - pos, &error);
          break;
        }
      g_assert ((gsize) n <= size - pos);
      response = mail_imap_response_parse (text + pos, (gsize) n, &error);
      if (response != NULL)
        {
          g_auto(GStrv) caps = NULL;
          g_auto(GStrv) mechs = NULL;

          g_assert (g_utf8_validate (response->line, -1, NULL));
          g_assert (mail_imap_response_get_server_text (response) != NULL);
          caps = mail_imap_capabilities_parse (response->code_args != NULL ? response->code_args
                                                                           : response->text);
          mechs = mail_imap_capabilities_get_auth ((const char *const *) caps);
        }
      pos += (gsize) n;
    }

  {
    /* The quoting helper on the same bytes as a C string */
    g_autofree char *copy = g_strndup (text, size);
    g_autofree char *quoted = mail_imap_quote (copy);

    (void) quoted;
  }
  return 0;
}
