/* mail-discovery-source.c: helpers the discovery runner and its sources share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-discovery-source.h"

gboolean
mail_discovery_host_in_domain (const char *host,
                               const char *domain)
{
  gsize hl = strlen (host), dl = strlen (domain);

  if (hl > 0 && host[hl - 1] == '.')
    hl--;
  if (hl == dl)
    return g_ascii_strncasecmp (host, domain, dl) == 0;
  return hl > dl && host[hl - dl - 1] == '.' &&
         g_ascii_strncasecmp (host + hl - dl, domain, dl) == 0;
}

char *
mail_discovery_host_domain_note (const char *host,
                                 const char *expected,
                                 const char *where)
{
  if (mail_discovery_host_in_domain (host, expected))
    return NULL;

  return g_strdup_printf (_("%s points to %s, a server outside %s: check that this is really "
                            "your provider before you sign in."), where, host, expected);
}

void
mail_discovery_attach_provider (MailDiscoveryRun    *run,
                                MailAccountSettings *settings)
{
  MailProviderRegistry *registry = run->config->registry;
  MailProvider *provider = NULL;

  if (settings->imap != NULL)
    provider = mail_provider_registry_lookup_host (registry, settings->imap->host);
  if (provider == NULL && settings->smtp != NULL)
    provider = mail_provider_registry_lookup_host (registry, settings->smtp->host);
  if (provider == NULL)
    return;

  settings->provider = mail_provider_ref (provider);
  settings->provider_id = g_strdup (provider->id);
  settings->provider_name = g_strdup (provider->name);
}

char *
mail_discovery_expand_template (const char *url_template,
                                const char *domain,
                                gboolean    append)
{
  GString *url = g_string_new (url_template);

  if (strstr (url_template, "{domain}") != NULL)
    g_string_replace (url, "{domain}", domain, 0);
  else if (append)
    g_string_append (url, domain);
  return g_string_free (url, FALSE);
}
