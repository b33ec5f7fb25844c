/* mail-imap-response.c: one IMAP server response, parsed without trusting the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-imap-response.h"
#include "mail-transcript.h"
#include "mail-types.h"

static gboolean
set_protocol_error (GError     **error,
                    const char  *message)
{
  g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, message);
  return FALSE;
}

/* If the line [start, end) (without its line end) ends with {n} or {n+}, stores n. */
static gboolean
line_literal_size (const char  *start,
                   const char  *end,
                   gsize       *size,
                   GError     **error)
{
  const char *p = end;
  guint64 value = 0;
  guint64 scale = 1;
  guint digits = 0;

  if (p == start || p[-1] != '}')
    return FALSE;
  p--;
  if (p > start && p[-1] == '+')
    p--;
  while (p > start && g_ascii_isdigit (p[-1]))
    {
      p--;
      digits++;
      if (digits > 10)
        {
          set_protocol_error (error, _("The server announced a block of data that is too large."));
          return FALSE;
        }
      value += (guint64) (*p - '0') * scale;
      scale *= 10;
    }
  if (digits == 0 || p == start || p[-1] != '{')
    return FALSE;

  if (value > MAIL_IMAP_MAX_LITERAL)
    {
      set_protocol_error (error, _("The server announced a block of data that is too large."));
      return FALSE;
    }
  *size = (gsize) value;
  return TRUE;
}

gssize
mail_imap_response_scan (const char  *data,
                         gsize        len,
                         GError     **error)
{
  gsize pos = 0;
  guint literals = 0;

  g_return_val_if_fail (data != NULL || len == 0, -1);

  if (len == 0)
    return 0;
  for (;;)
    {
      const char *nl;
      const char *line_end;
      gsize literal = 0;
      GError *local_error = NULL;

      nl = pos < len ? memchr (data + pos, '\n', len - pos) : NULL;
      if (nl == NULL)
        {
          if (len - pos > MAIL_IMAP_MAX_LINE)
            {
              set_protocol_error (error, _("The server sent a line that is too long."));
              return -1;
            }
          return 0;
        }
      if ((gsize) (nl - (data + pos)) > MAIL_IMAP_MAX_LINE)
        {
          set_protocol_error (error, _("The server sent a line that is too long."));
          return -1;
        }

      line_end = nl;
      if (line_end > data + pos && line_end[-1] == '\r')
        line_end--;

      if (!line_literal_size (data + pos, line_end, &literal, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return -1;
            }
          return (gssize) (nl - data) + 1;
        }

      if (++literals > MAIL_IMAP_MAX_LITERALS)
        {
          set_protocol_error (error, _("The server sent a response that is too long."));
          return -1;
        }

      pos = (gsize) (nl - data) + 1;
      if (pos + literal > MAIL_IMAP_MAX_RESPONSE)
        {
          set_protocol_error (error, _("The server sent a response that is too long."));
          return -1;
        }
      if (len - pos < literal)
        return 0;
      pos += literal;
    }
}

/* The bytes as they came; join_response makes the whole line safe once. */
static void
append_sanitized (GString    *out,
                  const char *data,
                  gsize       len)
{
  g_string_append_len (out, data, (gssize) len);
}

/* Joins the lines of a response (literal data inline, line ends dropped) into one line. */
static char *
join_response (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize pos = 0;

  while (pos < len)
    {
      const char *line_start = data + pos;
      const char *nl = memchr (line_start, '\n', len - pos);
      const char *line_end = nl != NULL ? nl : data + len;
      const char *content_end = line_end;
      gsize literal = 0;
      GError *local_error = NULL;

      if (content_end > data + pos && content_end[-1] == '\r')
        content_end--;

      append_sanitized (out, data + pos, (gsize) (content_end - (data + pos)));

      if (nl == NULL)
        break;
      pos = (gsize) (nl - data) + 1;
      if (!line_literal_size (line_start, content_end, &literal, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          if (pos < len)
            {
              set_protocol_error (error, _("The server sent a response that is not valid IMAP."));
              return NULL;
            }
          break;
        }
      if (len - pos < literal)
        {
          set_protocol_error (error, _("The server sent a response that is not valid IMAP."));
          return NULL;
        }
      append_sanitized (out, data + pos, literal);
      pos += literal;
    }

  /* Control characters would garble a terminal or a log: shown as visible escapes. */
  return mail_text_make_safe (out->str, (gssize) out->len, 0);
}

static MailImapStatus
parse_status (const char *word,
              gsize       len)
{
  static const struct { const char *name; MailImapStatus status; } names[] = {
    { "OK", MAIL_IMAP_STATUS_OK },
    { "NO", MAIL_IMAP_STATUS_NO },
    { "BAD", MAIL_IMAP_STATUS_BAD },
    { "PREAUTH", MAIL_IMAP_STATUS_PREAUTH },
    { "BYE", MAIL_IMAP_STATUS_BYE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i].name) == len && g_ascii_strncasecmp (word, names[i].name, len) == 0)
      return names[i].status;
  return MAIL_IMAP_STATUS_NONE;
}

static gboolean
is_tag_char (char c)
{
  return (guchar) c > 0x20 && (guchar) c < 0x7f
         && strchr ("(){%*\"\\+]", c) == NULL;
}

/* Fills status, code, code_args and text from p ("OK [CODE args] text"). */
static void
parse_status_rest (MailImapResponse *response,
                   const char       *p)
{
  const char *word_end = p;

  while (*word_end != '\0' && *word_end != ' ')
    word_end++;
  response->status = parse_status (p, (gsize) (word_end - p));
  if (response->status == MAIL_IMAP_STATUS_NONE)
    {
      /* Untagged data: "CAPABILITY ...", "FLAGS (...)", or "3 EXISTS". */
      if (word_end > p && g_ascii_isdigit (*p))
        {
          const char *number_end = word_end;

          p = number_end;
          while (*p == ' ')
            p++;
          word_end = p;
          while (*word_end != '\0' && *word_end != ' ')
            word_end++;
        }
      response->keyword = g_ascii_strup (p, word_end - p);
      p = word_end;
      if (*p == ' ')
        p++;
      response->text = g_strdup (p);
      return;
    }

  p = word_end;
  if (*p == ' ')
    p++;
  if (*p == '[')
    {
      const char *close = strchr (p, ']');

      if (close != NULL)
        {
          const char *name = p + 1;
          const char *name_end = name;

          while (name_end < close && *name_end != ' ')
            name_end++;
          if (name_end > name)
            {
              response->code = g_ascii_strup (name, name_end - name);
              if (name_end < close)
                {
                  g_autofree char *args = g_strndup (name_end + 1, close - name_end - 1);

                  g_strstrip (args);
                  if (*args != '\0')
                    response->code_args = g_steal_pointer (&args);
                }
            }
          p = close + 1;
          if (*p == ' ')
            p++;
        }
    }
  response->text = g_strdup (p);
}

MailImapResponse *
mail_imap_response_parse (const char  *data,
                          gsize        len,
                          GError     **error)
{
  g_autoptr(MailImapResponse) response = NULL;
  const char *p;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MAIL_IMAP_MAX_RESPONSE)
    {
      set_protocol_error (error, _("The server sent a response that is too long."));
      return NULL;
    }

  response = g_new0 (MailImapResponse, 1);
  response->line = join_response (data, len, error);
  if (response->line == NULL)
    return NULL;

  p = response->line;
  if (*p == '\0')
    {
      set_protocol_error (error, _("The server sent an empty line instead of an IMAP response."));
      return NULL;
    }

  if (p[0] == '+')
    {
      response->kind = MAIL_IMAP_RESPONSE_CONTINUATION;
      p++;
      if (*p == ' ')
        p++;
      response->text = g_strdup (p);
      return g_steal_pointer (&response);
    }

  if (p[0] == '*')
    {
      if (p[1] != ' ' || p[2] == '\0')
        {
          set_protocol_error (error, _("The server sent a response that is not valid IMAP."));
          return NULL;
        }
      response->kind = MAIL_IMAP_RESPONSE_UNTAGGED;
      parse_status_rest (response, p + 2);
      return g_steal_pointer (&response);
    }

  {
    const char *tag_end = p;

    while (is_tag_char (*tag_end))
      tag_end++;
    if (tag_end == p || *tag_end != ' ' || tag_end[1] == '\0')
      {
        set_protocol_error (error, _("The server sent a response that is not valid IMAP."));
        return NULL;
      }
    response->kind = MAIL_IMAP_RESPONSE_TAGGED;
    response->tag = g_strndup (p, tag_end - p);
    parse_status_rest (response, tag_end + 1);
    if (response->status != MAIL_IMAP_STATUS_OK
        && response->status != MAIL_IMAP_STATUS_NO
        && response->status != MAIL_IMAP_STATUS_BAD)
      {
        set_protocol_error (error, _("The server sent a response that is not valid IMAP."));
        return NULL;
      }
  }

  return g_steal_pointer (&response);
}

void
mail_imap_response_free (MailImapResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->tag);
  g_free (response->keyword);
  g_free (response->code);
  g_free (response->code_args);
  g_free (response->text);
  g_free (response->line);
  g_free (response);
}

const char *
mail_imap_response_get_server_text (const MailImapResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);

  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    return response->line + strlen (response->tag) + 1;
  return response->line;
}

const char *
mail_imap_status_to_string (MailImapStatus status)
{
  switch (status)
    {
    case MAIL_IMAP_STATUS_OK: return "OK";
    case MAIL_IMAP_STATUS_NO: return "NO";
    case MAIL_IMAP_STATUS_BAD: return "BAD";
    case MAIL_IMAP_STATUS_PREAUTH: return "PREAUTH";
    case MAIL_IMAP_STATUS_BYE: return "BYE";
    case MAIL_IMAP_STATUS_NONE:
    default:
      return "";
    }
}

#define MAX_CAPABILITIES 512

char **
mail_imap_capabilities_parse (const char *text)
{
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  const char *p = text != NULL ? text : "";

  while (*p != '\0' && caps->len < MAX_CAPABILITIES)
    {
      const char *end;

      while (*p == ' ')
        p++;
      end = p;
      while (*end != '\0' && *end != ' ')
        end++;
      if (end > p)
        g_ptr_array_add (caps, g_ascii_strup (p, end - p));
      p = end;
    }
  g_ptr_array_add (caps, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&caps), FALSE);
}

gboolean
mail_imap_capabilities_has (const char *const *capabilities,
                            const char        *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (g_ascii_strcasecmp (capabilities[i], name) == 0)
      return TRUE;
  return FALSE;
}

char **
mail_imap_capabilities_get_auth (const char *const *capabilities)
{
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (g_ascii_strncasecmp (capabilities[i], "AUTH=", 5) == 0 && capabilities[i][5] != '\0')
      g_ptr_array_add (mechs, g_ascii_strup (capabilities[i] + 5, -1));
  g_ptr_array_add (mechs, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&mechs), FALSE);
}

char *
mail_imap_quote (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\r' || *p == '\n' || (guchar) *p >= 0x80)
      return NULL;

  /* Sized for the worst case: a password must not leave copies behind in reallocations. */
  out = g_string_sized_new (strlen (text) * 2 + 3);
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Appends the run of non-ASCII characters [start, end) as "&" modified-base64(UTF-16BE) "-". */
static gboolean
append_utf7_run (GString    *out,
                 const char *start,
                 const char *end)
{
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree guchar *bytes = NULL;
  g_autofree char *b64 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (start, end - start, NULL, &n, NULL);
  if (utf16 == NULL)
    return FALSE;
  bytes = g_new (guchar, (gsize) n * 2);
  for (glong i = 0; i < n; i++)
    {
      bytes[2 * i] = (guchar) (utf16[i] >> 8);
      bytes[2 * i + 1] = (guchar) (utf16[i] & 0xff);
    }
  b64 = g_base64_encode (bytes, (gsize) n * 2);
  g_strdelimit (b64, "/", ',');
  if (strchr (b64, '=') != NULL)
    *strchr (b64, '=') = '\0';
  g_string_append_printf (out, "&%s-", b64);
  return TRUE;
}

char *
mail_imap_mailbox_encode (const char *name)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (name != NULL, NULL);

  if (!g_utf8_validate (name, -1, NULL))
    return NULL;
  out = g_string_new (NULL);
  p = name;
  while (*p != '\0')
    {
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
        {
          if (*p == '&')
            g_string_append (out, "&-");
          else
            g_string_append_c (out, *p);
          p++;
          continue;
        }
      {
        const char *end = p;

        while (*end != '\0' && ((guchar) *end < 0x20 || (guchar) *end >= 0x7f))
          end = g_utf8_next_char (end);
        if (!append_utf7_run (out, p, end))
          return NULL;
        p = end;
      }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
