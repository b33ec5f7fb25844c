/* mail-discovery-srv.c: the discovery source of RFC 6186 / RFC 8314 SRV records
 *
 * _imaps, _imap, _submissions and _submission under the domain, all at once; implicit TLS is
 * preferred, and the other published service of a protocol is kept as an alternative.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-discovery-source.h"

static const char *const srv_services[] = { "imaps", "imap", "submissions", "submission" };

/* One run's SRV lookups, one per service. */
typedef struct
{
  GTask      *task;
  guint       remaining;
  GSrvTarget *targets[G_N_ELEMENTS (srv_services)];
} Srv;

typedef struct
{
  Srv   *srv;
  guint  index;
} SrvLookup;

static void
srv_free (Srv *srv)
{
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    g_clear_pointer (&srv->targets[i], g_srv_target_free);
  g_clear_object (&srv->task);
  g_free (srv);
}

static MailServer *
server_from_srv (MailDiscoveryRun *run,
                 Srv              *srv,
                 guint             index,
                 MailProtocol      protocol,
                 MailSecurity      security)
{
  GSrvTarget *target = srv->targets[index];
  MailServer *server;
  const char *host;
  gsize len;

  if (target == NULL)
    return NULL;

  host = g_srv_target_get_hostname (target);
  len = strlen (host);
  server = mail_server_new (protocol, NULL, g_srv_target_get_port (target), security);
  server->host = g_ascii_strdown (host, len > 0 && host[len - 1] == '.' ? (gssize) len - 1
                                                                          : (gssize) len);
  server->username = g_strdup (run->email);
  server->source = g_strdup_printf (_("the domain’s SRV record _%s._tcp.%s"),
                                    srv_services[index], run->domain);
  server->source_url = g_strdup_printf ("_%s._tcp.%s SRV %u %u %u %s", srv_services[index],
                                        run->domain, g_srv_target_get_priority (target),
                                        g_srv_target_get_weight (target),
                                        g_srv_target_get_port (target), server->host);
  return server;
}

static void
srv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  SrvLookup *lookup = user_data;
  Srv *srv = lookup->srv;
  MailDiscoveryRun *run = g_task_get_task_data (srv->task);
  guint index = lookup->index;
  g_autoptr(GError) error = NULL;
  g_autofree char *rrname = g_strdup_printf ("_%s._tcp.%s", srv_services[index], run->domain);
  GList *targets;
  MailAccountSettings *settings = NULL;

  g_free (lookup);

  targets = g_resolver_lookup_service_finish (G_RESOLVER (object), result, &error);
  if (targets != NULL)
    {
      GSrvTarget *first = targets->data;
      const char *host = g_srv_target_get_hostname (first);

      /* RFC 2782: a target of "." says the service is decidedly not offered. */
      if (host[0] != '\0' && strcmp (host, ".") != 0 && g_srv_target_get_port (first) != 0)
        {
          srv->targets[index] = g_srv_target_copy (first);
          mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, TRUE, host);
        }
      else
        mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, FALSE, _("not offered"));
    }
  else
    mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, FALSE, error->message);
  g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);

  if (--srv->remaining > 0)
    return;

  {
    MailServer *imap = server_from_srv (run, srv, 0, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS);
    MailServer *smtp = server_from_srv (run, srv, 2, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS);

    if (imap == NULL)
      imap = server_from_srv (run, srv, 1, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS);
    if (smtp == NULL)
      smtp = server_from_srv (run, srv, 3, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS);

    if (imap != NULL || smtp != NULL)
      {
        settings = mail_account_settings_new (run->email);
        settings->imap = imap;
        settings->smtp = smtp;
        /* Both services of a protocol published (_imaps and _imap): the one not chosen is
         * an alternative after a failed check. */
        for (guint i = 0; i < 2; i++)
          {
            MailServer *chosen = i == 0 ? imap : smtp;
            MailServer *other = NULL;

            if (chosen != NULL && chosen->security == MAIL_SECURITY_TLS)
              other = server_from_srv (run, srv, i == 0 ? 1 : 3,
                                       i == 0 ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP,
                                       MAIL_SECURITY_STARTTLS);
            if (other != NULL && mail_server_validate (other, NULL))
              g_ptr_array_add (settings->other_servers, other);
            else
              g_clear_pointer (&other, mail_server_free);
          }
        mail_discovery_attach_provider (run, settings);
        for (guint i = 0; i < 2; i++)
          {
            MailServer *server = i == 0 ? imap : smtp;
            char *note;

            if (server == NULL)
              continue;
            if (settings->provider != NULL)
              {
                MailProviderServer *ps = i == 0 ? &settings->provider->imap
                                                : &settings->provider->smtp;

                g_free (server->username);
                server->username = mail_provider_expand (ps->username, run->email);
                server->auth = ps->n_auth > 0 ? ps->auth[0] : MAIL_AUTH_PASSWORD;
              }
            note = mail_discovery_host_domain_note (server->host, run->domain,
                                     i == 0 ? _("The IMAP SRV record") : _("The SMTP SRV record"));
            if (note != NULL)
              g_ptr_array_add (settings->notes, note);
          }
      }
  }

  /* The run stays alive until here: srv holds the task. */
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_SRV, settings);
  srv_free (srv);
}

static void
srv_start (MailDiscoveryRun *run)
{
  Srv *srv;

  if (!mail_discovery_source_enabled (run, MAIL_DISCOVERY_SOURCE_SRV))
    return;

  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_SRV);
  srv = g_new0 (Srv, 1);
  srv->task = g_object_ref (run->task);
  srv->remaining = G_N_ELEMENTS (srv_services);
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    {
      SrvLookup *lookup = g_new0 (SrvLookup, 1);

      lookup->srv = srv;
      lookup->index = i;
      g_resolver_lookup_service_async (run->config->resolver, srv_services[i], "tcp", run->domain,
                                       run->cancellable, srv_cb, lookup);
    }
}

const MailDiscoverySourceClass mail_discovery_srv_source = {
  .start = srv_start,
};
