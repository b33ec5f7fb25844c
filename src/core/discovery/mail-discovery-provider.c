/* mail-discovery-provider.c: the discovery sources that recognise the domain's provider
 *
 * A provider file for the address's domain (known at once, the most trusted answer), and the
 * domain's MX record: an MX host matching a provider's MXSuffixes gives that provider's
 * settings; otherwise the autoconfig documents of the MX host's base domain are fetched (as
 * Thunderbird does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mail-discovery-source.h"

/* Provider files ---------------------------------------------------------------------------- */

static void
provider_start (MailDiscoveryRun *run)
{
  MailProvider *provider;

  if (!mail_discovery_source_enabled (run, MAIL_DISCOVERY_SOURCE_PROVIDER))
    return;

  provider = mail_provider_registry_lookup_domain (run->config->registry, run->domain);
  if (provider == NULL)
    return;

  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_PROVIDER);
  mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_PROVIDER, run->domain, TRUE,
                             provider->name);
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_PROVIDER,
                             mail_account_settings_new_from_provider (provider, run->email));
}

/* MX ----------------------------------------------------------------------------------------- */

/* mx1.mail.hoster.co.uk → hoster.co.uk (public suffix list); names under a suffix the list does
 * not know (private or lab TLDs) keep their last two labels. */
static char *
base_domain (const char *host)
{
  const char *base = soup_tld_get_base_domain (host, NULL);
  const char *dot;

  if (base != NULL)
    return g_strdup (base);
  if (g_hostname_is_ip_address (host) || (dot = strrchr (host, '.')) == NULL || dot == host)
    return NULL;
  for (dot--; dot > host && *dot != '.'; dot--)
    ;
  return g_strdup (*dot == '.' ? dot + 1 : host);
}

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailDiscoveryRun *run = g_task_get_task_data (task);
  const MailDiscoveryConfig *config = run->config;
  g_autoptr(GError) error = NULL;
  GList *records;
  guint16 best_preference = G_MAXUINT16;
  const char *best = NULL;
  MailProvider *provider = NULL;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *host;

      g_variant_get (l->data, "(q&s)", &preference, &host);
      if (best == NULL || preference < best_preference)
        {
          best = host;
          best_preference = preference;
        }
    }

  if (best != NULL && *best != '\0' && strcmp (best, ".") != 0)
    {
      gsize len = strlen (best);

      run->mx_host = g_ascii_strdown (best, best[len - 1] == '.' ? (gssize) len - 1 : (gssize) len);
      run->mx_record = g_strdup_printf ("%s MX %u %s", run->domain, best_preference,
                                        run->mx_host);
      provider = mail_provider_registry_lookup_mx (config->registry, run->mx_host);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  if (run->mx_host == NULL)
    {
      mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, FALSE,
               error != NULL ? error->message : _("no MX record"));
    }
  else if (provider != NULL)
    {
      g_autofree char *outcome = g_strdup_printf (_("%s belongs to %s"), run->mx_host,
                                                  provider->name);
      MailAccountSettings *settings = mail_account_settings_new_from_provider (provider,
                                                                               run->email);

      for (guint i = 0; i < 2; i++)
        {
          MailServer *server = i == 0 ? settings->imap : settings->smtp;
          char *source = g_strdup_printf (_("found through the domain’s MX record %s (%s)"),
                                          run->mx_host, server->source);

          g_free (server->source);
          server->source = source;
          g_free (server->source_url);
          server->source_url = g_strdup (run->mx_record);
        }
      mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, TRUE,
                                 outcome);
      mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, settings);
      /* The MX-based autoconfig lookups rank below this answer. */
      mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG, NULL);
      mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB, NULL);
      return;
    }
  else
    {
      g_autofree char *base = base_domain (run->mx_host);
      g_autofree char *outcome = NULL;

      if (base != NULL && g_ascii_strcasecmp (base, run->domain) != 0)
        run->mx_base = g_steal_pointer (&base);
      outcome = g_strdup_printf (_("%s, no known provider"), run->mx_host);
      mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, FALSE,
                                 outcome);
    }

  /* Then the same lookups for the MX host's base domain (Thunderbird does the same). */
  if (run->mx_base != NULL)
    {
      mail_discovery_autoconfig_fetch_domain (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG,
                                              config->autoconfig_template, run->mx_base, FALSE);
      mail_discovery_autoconfig_fetch_domain (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB,
                                              config->ispdb_base, run->mx_base, TRUE);
    }

  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, NULL);
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG, NULL);
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB, NULL);
}

static void
mx_start (MailDiscoveryRun *run)
{
  /* MX, and through it provider MXSuffixes and the MX domain's autoconfig. */
  if (!mail_discovery_source_enabled (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER))
    return;

  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER);
  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG);
  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB);
  g_resolver_lookup_records_async (run->config->resolver, run->domain, G_RESOLVER_RECORD_MX,
                                   run->cancellable, mx_cb, g_object_ref (run->task));
}

static void
provider_and_mx_start (MailDiscoveryRun *run)
{
  provider_start (run);
  if (!run->done)
    mx_start (run);
}

const MailDiscoverySourceClass mail_discovery_provider_source = {
  .start = provider_and_mx_start,
};
