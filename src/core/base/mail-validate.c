/* mail-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mail-validate.h"

/* How much of a bad value an error message shows. */
#define QUOTE_CHARS 80

/* Longer input is refused before any IDNA work on it. */
#define HOST_INPUT_MAX 1024

gboolean
mail_unichar_is_control (gunichar c)
{
  /* C0, DEL, C1 and the Unicode line and paragraph separators: anything that can end a line
   * of a configuration file or move a terminal's cursor. */
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
}

char *
mail_validate_quote (const char *value,
                     guint       max_chars)
{
  GString *out;
  const char *p;
  const char *end;
  guint n = 0;

  if (value == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  end = value + strlen (value);
  for (p = value; p < end; n++)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      if (c < 0x80 && mail_unichar_is_control (c))
        g_string_append_printf (out, "\\x%02X", c);
      else if (mail_unichar_is_control (c))
        g_string_append_printf (out, "\\u{%04X}", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

gboolean
mail_text_is_printable (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (mail_unichar_is_control (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
invalid_host (const char  *host,
              const char  *what,
              GError     **error)
{
  g_autofree char *shown = mail_validate_quote (host, QUOTE_CHARS);

  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("The %s “%s” is not a valid host name: use a name like mail.example.org or an "
                 "IP address."), what, shown);
  return FALSE;
}

/* An IPv4 or IPv6 literal, written with nothing but digits, hex digits, dots and colons: GLib
 * also takes "fe80::1%<anything>" (a zone id), which is no host name for a file of settings. */
static gboolean
is_ip_literal (const char *host)
{
  for (const char *p = host; *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != '.' && *p != ':')
      return FALSE;
  return g_hostname_is_ip_address (host);
}

/* Letters, digits and hyphens in labels of 1-63, at most 253 in all (a trailing dot aside). */
static gboolean
is_ldh_name (const char *host)
{
  gsize len = strlen (host);
  const char *label = host;

  if (len > 0 && host[len - 1] == '.')
    len--;
  if (len == 0 || len > MAIL_HOST_NAME_MAX || host[len - 1] == '.')
    return FALSE;

  while (label < host + len)
    {
      const char *dot = memchr (label, '.', host + len - label);
      gsize label_len = dot != NULL ? (gsize) (dot - label) : (gsize) (host + len - label);

      if (label_len == 0 || label_len > MAIL_HOST_LABEL_MAX ||
          label[0] == '-' || label[label_len - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < label_len; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-')
          return FALSE;
      if (dot == NULL)
        break;
      label = dot + 1;
    }
  return TRUE;
}

char *
mail_validate_host (const char  *host,
                    const char  *what,
                    GError     **error)
{
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (what != NULL, NULL);

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("The %s is empty."), what);
      return NULL;
    }
  if (strlen (host) > HOST_INPUT_MAX || !g_utf8_validate (host, -1, NULL))
    {
      invalid_host (host, what, error);
      return NULL;
    }
  if (is_ip_literal (host))
    return g_strdup (host);

  /* Only letters, digits, hyphens and dots of ASCII; anything else ASCII (%, quotes, spaces,
   * backticks, control characters, "_", "@", ":") is refused before IDNA sees it. */
  for (const char *p = host; *p; p++)
    if ((guchar) *p < 0x80 && !g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      {
        invalid_host (host, what, error);
        return NULL;
      }

  if (g_str_is_ascii (host))
    ascii = g_strdup (host);
  else
    ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || !is_ldh_name (ascii))
    {
      invalid_host (host, what, error);
      return NULL;
    }
  return g_steal_pointer (&ascii);
}

gboolean
mail_validate_port (gint64       port,
                    const char  *what,
                    GError     **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  if (port >= 1 && port <= 65535)
    return TRUE;
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, port);

    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                 _("The %s %s is not a port: use a number from 1 to 65535."), what, number);
  }
  return FALSE;
}

static gboolean
check_text (const char  *text,
            gsize        max_bytes,
            gboolean     allow_empty,
            const char  *what,
            GError     **error)
{
  g_autofree char *shown = NULL;
  gsize len;

  if (text == NULL && allow_empty)
    return TRUE;
  if (text == NULL || (*text == '\0' && !allow_empty))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("The %s is empty."), what);
      return FALSE;
    }

  shown = mail_validate_quote (text, QUOTE_CHARS);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The %s “%s” is not valid UTF-8 text."), what, shown);
      return FALSE;
    }
  if (!mail_text_is_printable (text))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The %s “%s” contains a line break or another control character."),
                   what, shown);
      return FALSE;
    }
  len = strlen (text);
  if (len > max_bytes)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The %s “%s” is too long: %u bytes, at most %u."), what, shown,
                   (guint) MIN (len, G_MAXUINT), (guint) max_bytes);
      return FALSE;
    }
  return TRUE;
}

gboolean
mail_validate_user_name (const char  *user,
                         const char  *what,
                         GError     **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  return check_text (user, MAIL_USER_NAME_MAX, FALSE, what, error);
}

gboolean
mail_validate_display_text (const char  *text,
                            gsize        max_bytes,
                            const char  *what,
                            GError     **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  return check_text (text, max_bytes, TRUE, what, error);
}
