/* mail-discovery.h: finds IMAP and SMTP settings from an email address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-diagnosis-error.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* The cause under the MAIL_DIAGNOSIS_ERROR of mail_discovery_run_finish()
 * (mail_diagnosis_error_matches()). */
#define MAIL_DISCOVERY_ERROR (mail_discovery_error_quark ())
typedef enum
{
  MAIL_DISCOVERY_ERROR_NOT_FOUND, /* no source knew this domain: enter the settings yourself */
} MailDiscoveryError;

GQuark mail_discovery_error_quark (void);

/* Where a setting came from, most trusted first. Conflicts are resolved in this order. */
typedef enum
{
  MAIL_DISCOVERY_SOURCE_PROVIDER,        /* a provider file, by the address's domain */
  MAIL_DISCOVERY_SOURCE_AUTOCONFIG,      /* https://autoconfig.<domain>/mail/config-v1.1.xml */
  MAIL_DISCOVERY_SOURCE_WELL_KNOWN,      /* https://<domain>/.well-known/autoconfig/... */
  MAIL_DISCOVERY_SOURCE_MX_PROVIDER,     /* the MX host matches a provider's MXSuffixes */
  MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG,   /* autoconfig of the MX host's base domain */
  MAIL_DISCOVERY_SOURCE_SRV,             /* RFC 6186 / RFC 8314 SRV records */
  MAIL_DISCOVERY_SOURCE_ISPDB,           /* the ISP database, by domain */
  MAIL_DISCOVERY_SOURCE_MX_ISPDB,        /* the ISP database, by the MX host's base domain */
  MAIL_DISCOVERY_SOURCE_GUESS,           /* imap./mail./smtp.<domain> answered */
  MAIL_DISCOVERY_SOURCE_PLAIN_HTTP,      /* the domain's autoconfig over plain HTTP: last resort */
  MAIL_DISCOVERY_N_SOURCES,
} MailDiscoverySource;

#define MAIL_TYPE_DISCOVERY (mail_discovery_get_type ())
G_DECLARE_FINAL_TYPE (MailDiscovery, mail_discovery, MAIL, DISCOVERY, GObject)

MailDiscovery       *mail_discovery_new                   (MailProviderRegistry *registry);

/* URL templates; "{domain}" is replaced by the domain (for ISPDB, appended when absent).
 * Defaults: https://autoconfig.{domain}/mail/config-v1.1.xml,
 * https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml and
 * https://autoconfig.thunderbird.net/v1.1/. Tests point them at a local http:// SoupServer:
 * a configured template is fetched as given (the plain-HTTP last resort is separate), but what
 * an http:// URL brings is untrusted like any plain HTTP answer. */
void                 mail_discovery_set_autoconfig_template (MailDiscovery      *self,
                                                            const char         *url_template);
void                 mail_discovery_set_well_known_template (MailDiscovery      *self,
                                                            const char         *url_template);
void                 mail_discovery_set_ispdb_base        (MailDiscovery        *self,
                                                           const char           *base);
/* Sets both domain templates to BASE/autoconfig.{domain}/mail/config-v1.1.xml and
 * BASE/{domain}/.well-known/autoconfig/mail/config-v1.1.xml (tests: a local server). */
void                 mail_discovery_set_autoconfig_base   (MailDiscovery        *self,
                                                           const char           *base);
/* Try http://autoconfig.<domain>/... and http://<domain>/.well-known/... when nothing else
 * answered (default TRUE); such settings carry a note. */
void                 mail_discovery_set_use_plain_http    (MailDiscovery        *self,
                                                           gboolean              use_plain_http);
/* Overall time budget of one run (default 10000 ms). */
void                 mail_discovery_set_deadline          (MailDiscovery        *self,
                                                           guint                 deadline_ms);
/* For MX and SRV (default: g_resolver_get_default ()). HTTP requests and the guessed servers
 * (checked with MailProbe, like any server) always use the default resolver. */
void                 mail_discovery_set_resolver          (MailDiscovery        *self,
                                                           GResolver            *resolver);
/* Extra trust anchors for HTTPS and the guessed servers' TLS (NULL: the system's). */
void                 mail_discovery_set_tls_database      (MailDiscovery        *self,
                                                           GTlsDatabase         *database);
/* The port guessed for protocol with security; 0 skips it (defaults 993, 143, 465, 587).
 * Tests only: they cannot listen on the standard ports. */
void                 mail_discovery_set_guess_port        (MailDiscovery        *self,
                                                           MailProtocol          protocol,
                                                           MailSecurity          security,
                                                           guint16               port);
/* Turns single sources off (all on by default). Tests and benchmarks. */
void                 mail_discovery_set_source_enabled    (MailDiscovery        *self,
                                                           MailDiscoverySource   source,
                                                           gboolean              enabled);

/* Test hooks, for test suites only (see mail-test-hooks.h): in a build with -Dtest_hooks=true,
 * MAIL_SETUP_TEST_DNS_FILE, MAIL_SETUP_AUTOCONFIG_BASE and MAIL_SETUP_ISPDB_BASE. Does nothing
 * in other builds or when they are unset; FALSE with error when the DNS file is unusable. */
gboolean             mail_discovery_apply_test_environment (MailDiscovery      *self,
                                                            GError            **error);

/* Trust (MailServer.trusted and .trust_reason), decided per server from its source:
 * - trusted: a provider file (built-in or installed), the MX host matching a provider file,
 *   the domain's own autoconfig or .well-known document over HTTPS naming servers inside the
 *   domain (or servers of a provider file), the ISP database over HTTPS, an SRV target inside
 *   the domain, and a guessed imap./mail./smtp.<domain>: a name inside the domain whose
 *   certificate the check verifies before any secret is sent, so whoever answered DNS cannot
 *   take the secret without also holding a certificate for the domain's own name;
 * - untrusted: anything fetched over plain HTTP, an autoconfig document naming another
 *   domain's servers, the MX-based autoconfig or ISP database entry of another domain (an
 *   unprotected DNS answer picks the document), an SRV target outside the domain (RFC 6186
 *   section 6).
 * An untrusted server is kept (never dropped silently): the CLI and the wizard ask first. */

/* Returns settings with each server's source and source_url filled, trust decided, the
 * provider when one is known, and notes for people. Fails (mail-diagnosis-error.h) with a
 * MAIL_DIAGNOSIS_ERROR carrying the diagnosis "settings-not-found" (stage "resolve"; its
 * explanation names the domain, and the time limit when that ran out) over
 * MAIL_DISCOVERY_ERROR_NOT_FOUND when nothing was found; with G_IO_ERROR_CANCELLED when
 * cancelled; with MAIL_ERROR_INVALID_INPUT (no diagnosis: a caller's mistake, validate the
 * address first) for a malformed address. */
void                 mail_discovery_run_async             (MailDiscovery        *self,
                                                           const char           *email,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
MailAccountSettings *mail_discovery_run_finish            (MailDiscovery        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* What each lookup of the last finished run said, in the order they answered. */
typedef struct
{
  MailDiscoverySource  source;
  char                *query;    /* URL, DNS name or host:port */
  gboolean             found;
  char                *outcome;  /* for people: what came back, or why nothing did */
  double               ms;       /* since the start of the run */
} MailDiscoveryLookup;

/* (transfer none) MailDiscoveryLookup *; empty before the first run. */
GPtrArray           *mail_discovery_get_lookups           (MailDiscovery        *self);

/* "provider", "autoconfig", "well-known", "mx", ...: stable names for JSON. */
const char          *mail_discovery_source_to_string      (MailDiscoverySource   source);

G_END_DECLS
