/* mail-transcript.c: the lines a check sent and received, with every secret removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-transcript.h"
#include "mail-types.h"

struct _MailTranscript
{
  GPtrArray *lines;    /* char * */
  GPtrArray *secrets;  /* char *, wiped when freed */
  gboolean   truncated;
  gsize      bytes;    /* of the lines kept */
  gsize      dropped;  /* bytes of the lines not kept */
};

char *
mail_text_make_safe (const char *data,
                     gssize      len,
                     gsize       max_bytes)
{
  GString *out;
  const char *p;
  const char *end;

  if (data == NULL)
    return NULL;
  if (len < 0)
    len = (gssize) strlen (data);
  end = data + len;
  out = g_string_sized_new (MIN ((gsize) len, max_bytes != 0 ? max_bytes : (gsize) len) + 8);

  for (p = data; p < end;)
    {
      char piece[8];
      const char *bytes = piece;
      gsize piece_len;
      gsize step = 1;
      gunichar c = *p == '\0' ? 0 : g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          bytes = "\xef\xbf\xbd";  /* U+FFFD for a byte that is not UTF-8 */
          piece_len = 3;
        }
      else
        {
          step = c == 0 ? 1 : (gsize) (g_utf8_next_char (p) - p);
          if ((c < 0x20 && c != '\t') || c == 0x7f)
            piece_len = (gsize) g_snprintf (piece, sizeof piece, "\\x%02x", c);
          else if (c >= 0x80 && c < 0xa0)
            piece_len = (gsize) g_snprintf (piece, sizeof piece, "\\u%04x", c);
          else
            {
              bytes = p;
              piece_len = step;
            }
        }
      if (max_bytes != 0 && out->len + piece_len > max_bytes)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_len (out, bytes, (gssize) piece_len);
      p += step;
    }
  return g_string_free (out, FALSE);
}

MailTranscript *
mail_transcript_new (void)
{
  MailTranscript *transcript = g_new0 (MailTranscript, 1);

  transcript->lines = g_ptr_array_new_with_free_func (g_free);
  transcript->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_secret_free);
  return transcript;
}

void
mail_transcript_free (MailTranscript *transcript)
{
  if (transcript == NULL)
    return;
  g_ptr_array_unref (transcript->lines);
  g_ptr_array_unref (transcript->secrets);
  g_free (transcript);
}

void
mail_transcript_add_secret (MailTranscript *transcript,
                            const char     *secret)
{
  g_return_if_fail (transcript != NULL);

  if (secret == NULL || strlen (secret) < 4)
    return;
  for (guint i = 0; i < transcript->secrets->len; i++)
    if (g_str_equal (g_ptr_array_index (transcript->secrets, i), secret))
      return;
  g_ptr_array_add (transcript->secrets, g_strdup (secret));
}

char *
mail_transcript_redact (const MailTranscript *transcript,
                        const char           *text)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (transcript != NULL, NULL);

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  for (guint i = 0; i < transcript->secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (transcript->secrets, i),
                      MAIL_TRANSCRIPT_REDACTED, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Secrets are replaced first, on the whole line: a cut can then never leave part of one. */
static void
add_line (MailTranscript *transcript,
          const char     *prefix,
          const char     *line)
{
  g_autofree char *joined = NULL;
  g_autofree char *redacted = NULL;
  char *safe;
  gsize len;

  if (transcript->truncated)
    {
      transcript->dropped += strlen (prefix) + strlen (line);
      return;
    }
  joined = g_strconcat (prefix, line, NULL);
  redacted = mail_transcript_redact (transcript, joined);
  len = strlen (redacted);
  if (len > MAIL_TRANSCRIPT_MAX_LINE_BYTES)
    {
      g_autofree char *head = mail_text_make_safe (redacted, MAIL_TRANSCRIPT_MAX_LINE_BYTES,
                                                   MAIL_TRANSCRIPT_MAX_LINE_BYTES);

      safe = g_strdup_printf ("%s [… %" G_GSIZE_FORMAT " bytes not kept]", head,
                              len - MAIL_TRANSCRIPT_MAX_LINE_BYTES);
    }
  else
    safe = mail_text_make_safe (redacted, (gssize) len, MAIL_TRANSCRIPT_MAX_LINE_BYTES);

  if (transcript->lines->len >= MAIL_TRANSCRIPT_MAX_LINES
      || transcript->bytes + strlen (safe) > MAIL_TRANSCRIPT_MAX_BYTES)
    {
      /* Everything from here on is dropped, so the lines kept stay in order. */
      transcript->truncated = TRUE;
      transcript->dropped += len;
      g_free (safe);
      return;
    }
  transcript->bytes += strlen (safe);
  g_ptr_array_add (transcript->lines, safe);
}

void
mail_transcript_add_client (MailTranscript *transcript,
                            const char     *line)
{
  g_return_if_fail (transcript != NULL);
  g_return_if_fail (line != NULL);

  add_line (transcript, "C: ", line);
}

void
mail_transcript_add_client_secret (MailTranscript *transcript,
                                   const char     *prefix)
{
  g_autofree char *line = NULL;

  g_return_if_fail (transcript != NULL);

  if (prefix == NULL || *prefix == '\0')
    line = g_strdup (MAIL_TRANSCRIPT_REDACTED);
  else
    line = g_strconcat (prefix, " " MAIL_TRANSCRIPT_REDACTED, NULL);
  add_line (transcript, "C: ", line);
}

void
mail_transcript_add_server (MailTranscript *transcript,
                            const char     *line)
{
  g_return_if_fail (transcript != NULL);
  g_return_if_fail (line != NULL);

  add_line (transcript, "S: ", line);
}

GPtrArray *
mail_transcript_dup_lines (const MailTranscript *transcript)
{
  GPtrArray *copy;

  g_return_val_if_fail (transcript != NULL, NULL);

  copy = g_ptr_array_new_full (transcript->lines->len + 1, g_free);
  for (guint i = 0; i < transcript->lines->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (transcript->lines, i)));
  if (transcript->truncated)
    g_ptr_array_add (copy, g_strdup_printf ("[… %" G_GSIZE_FORMAT " bytes not kept]",
                                            transcript->dropped));
  return copy;
}
