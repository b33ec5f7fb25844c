/* mail-provider-recognition.c: recognising a provider (or its family) from a domain, a server
 * host or the server's own words, by the provider files' [Recognition] keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the diagnosis and the wizard know about who runs a server lives in the provider files
 * (docs/provider-file.md): a new provider or family is a new file, not new code.
 */
#include "config.h"

#include <string.h>

#include "mail-provider.h"
#include "mail-provider-private.h"

#define MAX_LINES         64
#define MAX_LINE_LENGTH   4096

/* Recognition ------------------------------------------------------------------------------ */

static gboolean
glob_any (char *const *patterns,
          const char  *name)
{
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    if (g_pattern_match_simple (patterns[i], name))
      return TRUE;
  return FALSE;
}

static gboolean
contains_nocase (const char *text,
                 const char *needle)
{
  g_autofree char *lower_text = NULL;
  g_autofree char *lower_needle = NULL;

  if (text == NULL)
    return FALSE;
  lower_text = g_ascii_strdown (text, -1);
  lower_needle = g_ascii_strdown (needle, -1);
  return strstr (lower_text, lower_needle) != NULL;
}

static gboolean
words_any (char *const             *words,
           const MailProviderClues *clues)
{
  for (guint w = 0; words != NULL && words[w] != NULL; w++)
    {
      if (contains_nocase (clues->greeting, words[w]))
        return TRUE;
      for (guint i = 0; clues->lines != NULL && clues->lines[i] != NULL && i < MAX_LINES; i++)
        {
          g_autofree char *clipped = g_strndup (clues->lines[i], MAX_LINE_LENGTH);

          if (contains_nocase (clipped, words[w]))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_loopback (const char *name)
{
  return strcmp (name, "127.0.0.1") == 0 || strcmp (name, "::1") == 0 ||
         strcmp (name, "localhost") == 0;
}

static gboolean
provider_serves_host (const MailProvider *provider,
                      const char         *host)
{
  const char *hosts[] = {
    provider->imap.host, provider->smtp.host, provider->imap.custom_host,
    provider->smtp.custom_host,
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    if (hosts[i] != NULL && g_ascii_strcasecmp (hosts[i], host) == 0)
      return TRUE;
  return glob_any (provider->server_hosts, host);
}

typedef enum
{
  CLUE_DOMAIN,
  CLUE_HOST,
  CLUE_WORDS,
} ClueKind;

/* The first provider with a family that the clue of this kind names: at the provider level
 * (it names the provider) or, with family_only, at the family level. */
static MailProvider *
find (GPtrArray               *providers,
      ClueKind                 kind,
      gboolean                 family_only,
      const char              *name,
      const MailProviderClues *clues)
{
  for (guint i = 0; i < providers->len; i++)
    {
      MailProvider *provider = g_ptr_array_index (providers, i);
      gboolean hit = FALSE;

      if (provider->family == NULL)
        continue;
      switch (kind)
        {
        case CLUE_DOMAIN:
          hit = family_only ? glob_any (provider->family_domains, name)
                            : g_strv_contains ((const char *const *) provider->domains, name) ||
                              glob_any (provider->domain_patterns, name);
          break;
        case CLUE_HOST:
          hit = family_only ? glob_any (provider->family_server_hosts, name)
                            : provider_serves_host (provider, name);
          break;
        case CLUE_WORDS:
          hit = words_any (family_only ? provider->family_server_words : provider->server_words,
                           clues);
          break;
        default:
          g_assert_not_reached ();
        }
      if (hit)
        return provider;
    }
  return NULL;
}

gboolean
mail_provider_registry_recognise (MailProviderRegistry    *self,
                                  const MailProviderClues *clues,
                                  const char             **provider_id,
                                  const char             **family)
{
  GPtrArray *providers;
  g_autofree char *domain = NULL;
  g_autofree char *host = NULL;
  const char *at;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (clues != NULL, FALSE);
  g_return_val_if_fail (provider_id != NULL && family != NULL, FALSE);

  providers = mail_provider_registry_list (self);
  *provider_id = clues->provider_id;
  *family = NULL;

  if (clues->provider_id != NULL)
    {
      MailProvider *given = mail_provider_registry_lookup (self, clues->provider_id);

      if (given != NULL && given->family != NULL)
        {
          *provider_id = given->id;
          *family = given->family;
          return TRUE;
        }
    }

  at = clues->email != NULL ? strrchr (clues->email, '@') : NULL;
  if (at != NULL && at[1] != '\0')
    domain = mail_provider_normalize_name (at + 1);
  if (clues->host != NULL && clues->host[0] != '\0')
    host = mail_provider_normalize_name (clues->host);
  /* Many programs serve mail on this computer (Proton Mail Bridge, test servers, proxies): a
   * loopback server says nothing about the provider. */
  if (host != NULL && is_loopback (host))
    g_clear_pointer (&host, g_free);

  for (ClueKind kind = CLUE_DOMAIN; kind <= CLUE_WORDS; kind++)
    {
      const char *name = kind == CLUE_DOMAIN ? domain : kind == CLUE_HOST ? host : "";

      if (name == NULL)
        continue;
      for (int family_only = FALSE; family_only <= TRUE; family_only++)
        {
          MailProvider *provider = find (providers, kind, family_only, name, clues);

          if (provider == NULL)
            continue;
          if (*provider_id == NULL && !family_only)
            *provider_id = provider->id;
          *family = provider->family;
          return TRUE;
        }
    }

  return FALSE;
}

MailProviderRegistry *
mail_provider_registry_get_default (void)
{
  static MailProviderRegistry *registry;

  if (g_once_init_enter (&registry))
    {
      MailProviderRegistry *loaded = mail_provider_registry_new ();

      mail_provider_registry_load_defaults (loaded);
      g_once_init_leave (&registry, loaded);
    }

  return registry;
}
