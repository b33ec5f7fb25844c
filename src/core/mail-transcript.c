/* mail-transcript.c: the lines a check sent and received, with every secret removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-transcript.h"
#include "mail-types.h"

#define MAX_LINES 2000

struct _MailTranscript
{
  GPtrArray *lines;    /* char * */
  GPtrArray *secrets;  /* char *, wiped when freed */
  gboolean   truncated;
};

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

static void
add_line (MailTranscript *transcript,
          const char     *prefix,
          const char     *line)
{
  g_autofree char *joined = g_strconcat (prefix, line, NULL);

  if (transcript->lines->len >= MAX_LINES)
    {
      if (!transcript->truncated)
        g_ptr_array_add (transcript->lines, g_strdup ("…"));
      transcript->truncated = TRUE;
      return;
    }
  g_ptr_array_add (transcript->lines, mail_transcript_redact (transcript, joined));
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

  copy = g_ptr_array_new_full (transcript->lines->len, g_free);
  for (guint i = 0; i < transcript->lines->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (transcript->lines, i)));
  return copy;
}
