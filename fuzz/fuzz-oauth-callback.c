/* fuzz-oauth-callback.c: the loopback redirect's query parser must never crash, leak or
 * overrun, and must keep its promises (a callback has a code or an error, never both)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-oauth-listener.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *query = g_strndup ((const char *) data, size);
  g_autoptr(MailOAuthCallback) callback = NULL;
  g_autoptr(GError) error = NULL;

  callback = mail_oauth_callback_parse (query, &error);
  g_assert ((callback == NULL) != (error == NULL));
  if (callback == NULL)
    {
      g_assert (error->domain == MAIL_OAUTH_ERROR);
      return 0;
    }

  /* A code, or an error (then no code). */
  g_assert ((callback->code != NULL) != (callback->error != NULL));
  if (callback->code != NULL)
    g_assert (*callback->code != '\0');
  /* Everything handed on is clean UTF-8 without control characters. */
  {
    const char *values[] = { callback->code, callback->state, callback->error,
                             callback->error_description, callback->error_uri };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        if (values[i] == NULL)
          continue;
        g_assert (g_utf8_validate (values[i], -1, NULL));
        for (const char *p = values[i]; *p != '\0'; p++)
          g_assert ((guchar) *p >= 0x20 && *p != 0x7f);
      }
  }

  {
    g_autoptr(MailOAuthCallback) copy = mail_oauth_callback_copy (callback);

    g_assert (g_strcmp0 (copy->code, callback->code) == 0);
  }
  return 0;
}
