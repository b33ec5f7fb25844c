/* mail-json.c: JSON from outside, parsed with limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-json.h"
#include "mail-file.h"
#include "mail-types.h"

gboolean
mail_json_check_bounds (const char  *text,
                        gssize       length,
                        gsize        max_size,
                        guint        max_depth,
                        const char  *what,
                        GError     **error)
{
  gsize size;
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  size = length < 0 ? strlen (text) : (gsize) length;
  if (size > max_size)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("Cannot read %s: it is larger than %u bytes."),
                   what, (guint) MIN (max_size, G_MAXUINT));
      return FALSE;
    }

  if (size > 0 && !g_utf8_validate_len (text, size, NULL))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("Cannot read %s: it is not UTF-8 text."), what);
      return FALSE;
    }

  /* Brackets inside strings are text; outside they nest. Whether the brackets match is the
   * parser's business: only the depth is counted here. */
  for (gsize i = 0; i < size; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                           _("Cannot read %s: it nests more than %u levels deep."),
                           what, max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
mail_json_parse_bounded (const char  *text,
                         gssize       length,
                         const char  *what,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (what != NULL, NULL);

  if (text == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("Cannot read %s: it is empty."),
                   what);
      return NULL;
    }

  size = length < 0 ? strlen (text) : (gsize) length;
  if (!mail_json_check_bounds (text, size, MAIL_JSON_MAX_SIZE, MAIL_JSON_MAX_DEPTH, what,
                               error))
    return NULL;

  /* json-glib stops at a NUL inside the given length without saying so. */
  if (memchr (text, '\0', size) != NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("Cannot read %s: it holds a NUL byte."), what);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, size, &local_error))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("Cannot read %s: %s"), what,
                   local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL, _("Cannot read %s: it is empty."),
                   what);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
mail_json_parse_file (const char  *path,
                      gsize        max_size,
                      const char  *what,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  /* Nothing beyond max_size is read: /dev/zero ends at once. */
  data = mail_file_read_bounded (path, max_size, &length, error);
  if (data == NULL)
    return NULL;
  return mail_json_parse_bounded (data, length, what, error);
}
