/* mail-provider-file.c: the text of a provider file, checked line by line, then parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-provider.h"
#include "mail-provider-private.h"

/* GKeyFile quietly keeps the last of two equal keys in a group (and merges two equal
 * groups): in a provider file that hides a mistake, or an edit made to look like another.
 * Both are errors with their line. Keys are compared as GKeyFile does (trailing blanks before
 * "=" do not count; "Name[de]" is another key than "Name"). */
static gboolean
check_duplicates (const char *const  *lines,
                  const char         *path,
                  GError            **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gpointer first;

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '\0' || *line == '#')
        continue;

      if (*line == '[')
        {
          const char *end = strrchr (line, ']');

          g_free (group);
          group = g_strndup (line + 1, end - line - 1);
          if (g_hash_table_lookup_extended (groups, group, NULL, &first))
            {
              g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("%s:%u: the group [%s] appears a second time (first on line %u)."),
                           path, i + 1, group, GPOINTER_TO_UINT (first));
              return FALSE;
            }
          g_hash_table_insert (groups, g_strdup (group), GUINT_TO_POINTER (i + 1));
        }
      else
        {
          g_autofree char *key = g_strndup (line, strchr (line, '=') - line);
          g_autofree char *full = NULL;

          g_strchomp (key);
          full = g_strconcat (group ? group : "", "]", key, NULL);
          if (g_hash_table_lookup_extended (keys, full, NULL, &first))
            {
              g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("%s:%u: %s appears a second time in [%s] (first on line %u)."),
                           path, i + 1, key, group ? group : "", GPOINTER_TO_UINT (first));
              return FALSE;
            }
          g_hash_table_insert (keys, g_steal_pointer (&full), GUINT_TO_POINTER (i + 1));
        }
    }
  return TRUE;
}

/* Parses file text, giving "path:line: problem" for syntax errors too. */
MailProvider *
mail_provider_load_data (const char  *data,
                         gsize        length,
                         const char  *path,
                         gboolean     builtin,
                         GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = NULL;
  MailProvider *provider;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s: the file is not UTF-8 text."), path);
      return NULL;
    }

  /* GKeyFile's messages carry no line number: find the offending line ourselves. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[' ? strchr (line, ']') == NULL : strchr (line, '=') == NULL ||
                                                      *line == '=')
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("%s:%u: “%s” is not a [Section], a Key=value line or a # comment."),
                       path, i + 1, g_strchomp (lines[i]));
          return NULL;
        }
    }
  if (!check_duplicates ((const char *const *) lines, path, error))
    return NULL;

  if (!g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s: %s", path,
                   local_error->message);
      return NULL;
    }

  provider = mail_provider_parse_keyfile (keyfile, path, text, error);
  if (provider != NULL)
    ((MailProviderPrivate *) provider)->builtin = builtin;
  return provider;
}

MailProvider *
mail_provider_new_from_data (const char  *data,
                             gsize        length,
                             const char  *path,
                             GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mail_provider_load_data (data != NULL ? data : "", length, path, FALSE, error);
}
