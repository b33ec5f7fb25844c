/* mail-discovery-source.h: how the discovery runner and its sources talk (private)
 *
 * The runner (mail-discovery.c) owns a MailDiscoveryRun and starts every source of its table
 * once. A source reports through the run's callbacks only, never by calling into the runner:
 * - mail_discovery_source_begin() before each lookup of a rank it starts (so the runner waits
 *   for it before it settles on a less trusted answer);
 * - mail_discovery_source_log() for each answer, for people (mail_discovery_get_lookups());
 * - mail_discovery_source_end() once per begin, with what the lookup found (or NULL). The runner
 *   validates it, keeps it under its rank, and may finish the run at once: a source does not
 *   touch the run after its last end unless it holds the task.
 * A source keeps the run alive by holding a reference on run->task; it does its I/O with
 * run->cancellable, which the runner cancels when the run ends. The shared helpers below live
 * in mail-discovery-source.c and call nothing back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-discovery.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* What a MailDiscovery was told (its setters), read by the sources of a run. */
typedef struct
{
  MailProviderRegistry *registry;
  char                 *autoconfig_template;
  char                 *well_known_template;
  char                 *ispdb_base;
  gboolean              use_plain_http;
  guint                 deadline_ms;
  GResolver            *resolver;
  GTlsDatabase         *tls_database;
  guint16               guess_ports[2][2];  /* [protocol][TLS, STARTTLS] */
  gboolean              disabled[MAIL_DISCOVERY_N_SOURCES];
} MailDiscoveryConfig;

typedef struct _MailDiscoveryRun MailDiscoveryRun;

/* The runner's side, set by the runner for every run. */
typedef struct
{
  void (*begin) (MailDiscoveryRun    *run,
                 MailDiscoverySource  source);
  /* Takes settings (may be NULL: this lookup found nothing). */
  void (*end)   (MailDiscoveryRun    *run,
                 MailDiscoverySource  source,
                 MailAccountSettings *settings);
  void (*log)   (MailDiscoveryRun    *run,
                 MailDiscoverySource  source,
                 const char          *query,
                 gboolean             found,
                 const char          *outcome);
} MailDiscoveryRunCallbacks;

struct _MailDiscoveryRun
{
  const MailDiscoveryRunCallbacks *callbacks;
  const MailDiscoveryConfig       *config;
  GTask                           *task;          /* unowned: the task owns the run */
  const char                      *email;
  const char                      *domain;        /* lowercase ASCII (punycode) */
  GCancellable                    *cancellable;   /* cancelled when the run ends */
  gboolean                         done;          /* the run has its answer: lookups are late */

  /* Set by the MX lookup (mail-discovery-provider.c) for the lookups and the trust it
   * decides; NULL before it answered or when there is none. */
  char                            *mx_host;       /* "mx1.hoster.example" */
  char                            *mx_record;     /* "domain MX 10 mx1.hoster.example" */
  char                            *mx_base;       /* "hoster.example", when not the domain */

  GObject                         *session;       /* the HTTP source's SoupSession, or NULL */
};

/* One source of the runner's table. */
typedef struct
{
  /* Starts its lookups (each of its ranks that is enabled). May end the run at once. */
  void     (*start)       (MailDiscoveryRun *run);
  /* Started only when every other source is done and IMAP or SMTP is still missing. */
  gboolean   last_resort;
} MailDiscoverySourceClass;

extern const MailDiscoverySourceClass mail_discovery_provider_source;   /* files, MX */
extern const MailDiscoverySourceClass mail_discovery_autoconfig_source; /* HTTPS documents */
extern const MailDiscoverySourceClass mail_discovery_plain_http_source; /* the last resort */
extern const MailDiscoverySourceClass mail_discovery_srv_source;        /* RFC 6186 */
extern const MailDiscoverySourceClass mail_discovery_guess_source;      /* imap./mail./smtp. */

static inline gboolean
mail_discovery_source_enabled (MailDiscoveryRun    *run,
                               MailDiscoverySource  source)
{
  return !run->config->disabled[source];
}

static inline void
mail_discovery_source_begin (MailDiscoveryRun    *run,
                             MailDiscoverySource  source)
{
  run->callbacks->begin (run, source);
}

static inline void
mail_discovery_source_end (MailDiscoveryRun    *run,
                           MailDiscoverySource  source,
                           MailAccountSettings *settings)
{
  run->callbacks->end (run, source, settings);
}

static inline void
mail_discovery_source_log (MailDiscoveryRun    *run,
                           MailDiscoverySource  source,
                           const char          *query,
                           gboolean             found,
                           const char          *outcome)
{
  run->callbacks->log (run, source, query, found, outcome);
}

/* Shared helpers (mail-discovery-source.c). */

/* host is domain itself or a name under it (a trailing dot on host is ignored). */
gboolean  mail_discovery_host_in_domain   (const char          *host,
                                           const char          *domain);
/* A note for people when host is outside expected ("where points to host, ..."), or NULL. */
char     *mail_discovery_host_domain_note (const char          *host,
                                           const char          *expected,
                                           const char          *where);
/* Sets settings' provider from its servers' host names, when a provider file knows them. */
void      mail_discovery_attach_provider  (MailDiscoveryRun    *run,
                                           MailAccountSettings *settings);
/* "{domain}" in url_template replaced by domain; with append, domain appended when absent. */
char     *mail_discovery_expand_template  (const char          *url_template,
                                           const char          *domain,
                                           gboolean             append);

/* The HTTP source's fetch, for the MX lookup's autoconfig of the MX host's domain
 * (mail-discovery-autoconfig.c): begins and ends source itself. */
void      mail_discovery_autoconfig_fetch (MailDiscoveryRun    *run,
                                           MailDiscoverySource  source,
                                           const char          *url);
/* The same for the URL of url_template for domain (mail_discovery_expand_template()), when
 * source is enabled. */
void      mail_discovery_autoconfig_fetch_domain (MailDiscoveryRun    *run,
                                                  MailDiscoverySource  source,
                                                  const char          *url_template,
                                                  const char          *domain,
                                                  gboolean             append);

G_END_DECLS
