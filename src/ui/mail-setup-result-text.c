/* mail-setup-result-text.c: the result page's words, shortened and made plain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-setup-result-text.h"
#include "mail-setup-util.h"

/* The first paragraph of text, at most its first two sentences. */
char *
mail_setup_result_first_sentences (const char *text)
{
  const char *end;
  guint sentences = 0;

  if (text == NULL)
    return NULL;
  end = strstr (text, "\n\n");
  for (const char *p = text; *p != '\0' && (end == NULL || p < end); p = g_utf8_next_char (p))
    {
      const char *next;

      if (*p != '.' && *p != '!' && *p != '?')
        continue;
      next = p + 1;
      while (*next == ')' || g_str_has_prefix (next, "”"))
        next = *next == ')' ? next + 1 : next + strlen ("”");
      if (*next == ' ' && g_unichar_isupper (g_utf8_get_char (next + 1)) && ++sentences == 2)
        return g_strndup (text, next - text);
    }
  return end ? g_strndup (text, end - text) : g_strdup (text);
}

/* A fix in plain words: a web address in it becomes its site's name ("open outlook.live.com
 * (Settings > Mail > ...)"), and the row opens the address; url receives it, or NULL. */
char *
mail_setup_result_plain_fix (const char  *fix,
                             char       **url)
{
  const char *start = strstr (fix, "https://");
  const char *end;
  g_autofree char *address = NULL;
  g_autoptr(GUri) uri = NULL;

  *url = NULL;
  if (start == NULL)
    return g_strdup (fix);
  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != ')' && *end != ',')
    end++;
  /* A sentence's full stop is not part of the address. */
  while (end > start && (end[-1] == '.' || end[-1] == ';' || end[-1] == ':'))
    end--;
  address = g_strndup (start, end - start);
  uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || !mail_setup_is_web_url (address))
    return g_strdup (fix);
  *url = g_steal_pointer (&address);
  return g_strdup_printf ("%.*s%s%s", (int) (start - fix), fix, g_uri_get_host (uri), end);
}
