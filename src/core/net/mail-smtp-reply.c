/* mail-smtp-reply.c: one SMTP reply (single or multi-line), parsed without trusting the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-smtp-reply.h"
#include "mail-transcript.h"
#include "mail-types.h"

/* Control characters would garble a terminal or a log: shown as visible escapes. */
static char *
sanitize (const char *data,
          gsize       len)
{
  return mail_text_make_safe (data, (gssize) len, 0);
}

/* "5.7.139 text": class.subject.detail (RFC 3463), class matching the reply code. */
static char *
parse_enhanced (const char *text,
                guint       code)
{
  const char *p = text;
  guint parts = 0;

  if (*p != '2' && *p != '4' && *p != '5')
    return NULL;
  if ((guint) (*p - '0') != code / 100)
    return NULL;
  p++;
  while (parts < 2)
    {
      guint digits = 0;

      if (*p != '.')
        return NULL;
      p++;
      while (g_ascii_isdigit (*p) && digits < 4)
        {
          p++;
          digits++;
        }
      if (digits == 0 || digits > 3)
        return NULL;
      parts++;
    }
  if (*p != '\0' && *p != ' ')
    return NULL;
  return g_strndup (text, p - text);
}

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                       _("The server sent a reply that is not valid SMTP."));
  return FALSE;
}

static gboolean
prefix_is_plausible (const char *line,
                     gsize       len)
{
  if (len > 0 && (line[0] < '2' || line[0] > '5'))
    return FALSE;
  if (len > 1 && (line[1] < '0' || line[1] > '5'))
    return FALSE;
  if (len > 2 && !g_ascii_isdigit (line[2]))
    return FALSE;
  if (len > 3 && line[3] != ' ' && line[3] != '-' && line[3] != '\r')
    return FALSE;
  return TRUE;
}

static MailSmtpReply *
parse_reply (const char  *data,
             gsize        len,
             gsize       *consumed,
             gboolean     truncated,
             GError     **error)
{
  g_autoptr(MailSmtpReply) reply = NULL;
  gsize pos = 0;

  *consumed = 0;
  if (len == 0)
    return NULL;
  reply = g_new0 (MailSmtpReply, 1);
  reply->lines = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  reply->texts = g_ptr_array_new_null_terminated (1, g_free, TRUE);

  for (;;)
    {
      const char *line = data + pos;
      const char *nl = pos < len ? memchr (line, '\n', len - pos) : NULL;
      gsize line_len;
      guint code;
      gboolean last;

      if (pos > MAIL_SMTP_MAX_REPLY)
        {
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                               _("The server sent a reply that is too long."));
          return NULL;
        }
      if (nl == NULL && truncated)
        {
          if (reply->lines->len == 0)
            return NULL;
          break;
        }
      if (nl == NULL)
        {
          /* Fail early on what cannot become a reply (TLS records, HTTP, ...) */
          if (!prefix_is_plausible (line, len - pos))
            {
              protocol_error (error);
              return NULL;
            }
          if (len - pos > MAIL_SMTP_MAX_LINE)
            {
              g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                                   _("The server sent a line that is too long."));
              return NULL;
            }
          return NULL;
        }
      line_len = (gsize) (nl - line);
      if (line_len > MAIL_SMTP_MAX_LINE)
        {
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                               _("The server sent a line that is too long."));
          return NULL;
        }
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;

      if (line_len < 3
          || line[0] < '2' || line[0] > '5'
          || line[1] < '0' || line[1] > '5'
          || !g_ascii_isdigit (line[2])
          || (line_len > 3 && line[3] != ' ' && line[3] != '-'))
        {
          protocol_error (error);
          return NULL;
        }
      code = (guint) (line[0] - '0') * 100 + (guint) (line[1] - '0') * 10 + (guint) (line[2] - '0');
      if (reply->code != 0 && code != reply->code)
        {
          protocol_error (error);
          return NULL;
        }
      reply->code = code;
      last = line_len == 3 || line[3] == ' ';

      if (reply->lines->len >= MAIL_SMTP_MAX_LINES)
        {
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                               _("The server sent a reply that is too long."));
          return NULL;
        }
      g_ptr_array_add (reply->lines, sanitize (line, line_len));
      g_ptr_array_add (reply->texts, sanitize (line + MIN (line_len, 4),
                                               line_len - MIN (line_len, 4)));
      if (reply->enhanced == NULL)
        reply->enhanced = parse_enhanced (g_ptr_array_index (reply->texts, reply->texts->len - 1),
                                          code);

      pos = (gsize) (nl - data) + 1;
      if (last)
        break;
    }

  *consumed = pos;
  return g_steal_pointer (&reply);
}

MailSmtpReply *
mail_smtp_reply_parse (const char  *data,
                       gsize        len,
                       gsize       *consumed,
                       GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (consumed != NULL, NULL);

  return parse_reply (data, len, consumed, FALSE, error);
}

MailSmtpReply *
mail_smtp_reply_parse_truncated (const char  *data,
                                 gsize        len,
                                 GError     **error)
{
  gsize consumed = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return parse_reply (data, len, &consumed, TRUE, error);
}

void
mail_smtp_reply_free (MailSmtpReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->enhanced);
  g_clear_pointer (&reply->lines, g_ptr_array_unref);
  g_clear_pointer (&reply->texts, g_ptr_array_unref);
  g_free (reply);
}

const char *const *
mail_smtp_reply_get_lines (const MailSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return (const char *const *) reply->lines->pdata;
}

guint
mail_smtp_reply_get_class (const MailSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, 0);

  return reply->code / 100;
}

/* The keyword of an EHLO line: up to a space or '=' ("AUTH=PLAIN" is the old form). */
static gboolean
line_has_keyword (const char *text,
                  const char *keyword,
                  const char **params)
{
  gsize len = strlen (keyword);

  if (g_ascii_strncasecmp (text, keyword, len) != 0)
    return FALSE;
  if (text[len] != '\0' && text[len] != ' ' && text[len] != '=')
    return FALSE;
  if (params != NULL)
    *params = text[len] != '\0' ? text + len + 1 : text + len;
  return TRUE;
}

gboolean
mail_smtp_reply_has_extension (const MailSmtpReply *reply,
                               const char          *keyword)
{
  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (keyword != NULL, FALSE);

  for (guint i = 1; i < reply->texts->len; i++)
    if (line_has_keyword (g_ptr_array_index (reply->texts, i), keyword, NULL))
      return TRUE;
  return FALSE;
}

char **
mail_smtp_reply_get_auth_mechanisms (const MailSmtpReply *reply)
{
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  g_return_val_if_fail (reply != NULL, NULL);

  for (guint i = 1; i < reply->texts->len; i++)
    {
      const char *params = NULL;
      g_auto(GStrv) words = NULL;

      if (!line_has_keyword (g_ptr_array_index (reply->texts, i), "AUTH", &params))
        continue;
      words = g_strsplit (params, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          g_autofree char *mech = g_ascii_strup (words[j], -1);
          gboolean seen = FALSE;

          if (*mech == '\0')
            continue;
          for (guint k = 0; k < mechs->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (mechs, k), mech);
          if (!seen)
            g_ptr_array_add (mechs, g_steal_pointer (&mech));
        }
    }
  return (char **) g_ptr_array_free (g_steal_pointer (&mechs), FALSE);
}
