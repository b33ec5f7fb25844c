/* fuzz-smtp-reply.c: the SMTP reply parser on arbitrary server bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "mail-smtp-reply.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gsize pos = 0;

  /* As the probe does: cut replies off the front of the buffer. */
  while (pos < size)
    {
      g_autoptr(GError) error = NULL;
      gsize used = 0;
      g_autoptr(MailSmtpReply) reply = mail_smtp_reply_parse (text + pos, size - pos, &used, &error);
      g_auto(GStrv) mechs = NULL;

      if (reply == NULL)
        {
          /* At the end of the stream the probe keeps what it has */
          g_autoptr(GError) truncated_error = NULL;
          g_autoptr(MailSmtpReply) truncated =
            mail_smtp_reply_parse_truncated (text + pos, size - pos, &truncated_error);

          g_assert (truncated == NULL || truncated->lines->len >= 1);
          break;
        }
      g_assert (used > 0 && used <= size - pos);
      g_assert (reply->code >= 200 && reply->code <= 559);
      g_assert (reply->lines->len >= 1);
      for (guint i = 0; i < reply->lines->len; i++)
        g_assert (g_utf8_validate (g_ptr_array_index (reply->lines, i), -1, NULL));
      mechs = mail_smtp_reply_get_auth_mechanisms (reply);
      (void) mail_smtp_reply_has_extension (reply, "STARTTLS");
      pos += used;
    }
  return 0;
}
