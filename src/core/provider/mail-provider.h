/* mail-provider.h: what Mail Setup knows about one provider (a *.provider file), and the
 * registry of known providers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-server.h"
#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_TYPE_PROVIDER (mail_provider_get_type ())

typedef struct
{
  char          *host;
  guint16        port;
  MailSecurity   security;
  MailAuthKind  *auth;        /* in order of preference */
  guint          n_auth;
  char          *username;    /* template: %EMAIL%, %LOCALPART% or literal */
  /* CustomDomainHost / CustomDomainUsername: for addresses on a domain not in Domains (a custom
   * domain found by its MX); NULL: host / username apply */
  char          *custom_host;
  char          *custom_username;
} MailProviderServer;

/* Whose settings a provider's accounts are: the person's own (Audience=personal) or an
 * organisation's, changed by its administrator (Audience=organisation). */
typedef enum
{
  MAIL_PROVIDER_AUDIENCE_UNKNOWN,
  MAIL_PROVIDER_AUDIENCE_PERSONAL,
  MAIL_PROVIDER_AUDIENCE_ORGANISATION,
} MailProviderAudience;

/* Immutable once loaded; reference counted. Field names follow docs/provider-file.md. */
typedef struct
{
  char               *id;
  char               *name;          /* translated (Name[locale]) */
  char              **domains;
  char              **mx_suffixes;
  char               *documentation;
  char               *path;          /* file or resource it came from, for messages */

  MailProviderServer  imap;
  MailProviderServer  smtp;

  /* [OAuth2]; has_oauth is FALSE when the section is absent */
  gboolean            has_oauth;
  char               *authorize_url;
  char               *token_url;
  char               *client_id;     /* may be empty: then from the build or user settings */
  char               *client_secret; /* only for providers that need one (Google) */
  char               *client_id_option; /* ClientIdOption: which build option supplies an
                                         * empty ClientId ("microsoft", "google") or NULL */
  char              **scopes;
  char               *redirect_host; /* "127.0.0.1" (default) or "localhost" */
  char              **extra_parameters; /* "key=value" */
  char              **mechanisms;    /* "XOAUTH2", "OAUTHBEARER" */
  char               *device_authorization_url; /* DeviceAuthorizationUrl (RFC 8628) or NULL */
  char               *shared_mailbox_username; /* SharedMailboxUsername; default "%MAILBOX%" */
  guint               refresh_idle_days;    /* RefreshTokenIdleDays: ends unused after; 0 */
  guint               refresh_testing_days; /* RefreshTokenTestingDays: may end after sign-in
                                             * (apps in testing, Google); 0 */

  /* [EnableIMAP] (translated where the file has [locale] keys) */
  char              **enable_steps;
  char               *settings_url;
  char              **admin_steps;
  char               *admin_command; /* still with %EMAIL% */
  char               *app_password_url;
  char               *admin_smtp_command; /* AdminSmtpCommand: turns SMTP AUTH on; with %EMAIL% */
  gboolean            imap_off_by_default; /* OffByDefault: IMAP must be turned on before use */

  /* [Recognition] (docs/provider-file.md); lists are never NULL */
  char               *family;          /* Family: providers whose servers say the same words
                                        * ("microsoft"), or NULL: not recognised by family */
  MailProviderAudience audience;       /* Audience: whose settings its accounts are */
  char              **domain_patterns; /* DomainPatterns: address domains, globs ("hotmail.*") */
  char              **server_hosts;    /* ServerHosts: server and sign-in hosts, globs */
  char              **server_words;    /* ServerWords: its servers' own words */
  char              **family_domains;  /* FamilyDomains, FamilyServerHosts, FamilyServerWords: */
  char              **family_server_hosts; /* recognise only the family (the provider stays */
  char              **family_server_words; /* unknown): Exchange servers, other domains */
} MailProvider;

GType         mail_provider_get_type        (void) G_GNUC_CONST;
MailProvider *mail_provider_ref             (MailProvider       *provider);
void          mail_provider_unref           (MailProvider       *provider);
/* Parses one provider file; errors carry "path:line: problem". */
MailProvider *mail_provider_new_from_keyfile (GKeyFile          *keyfile,
                                              const char        *path,
                                              GError           **error);
/* Parses the text of a provider file (length bytes, need not end in NUL) as a file named path,
 * like mail_provider_registry_load_file (): errors carry "path:line: problem". */
MailProvider *mail_provider_new_from_data   (const char         *data,
                                             gsize               length,
                                             const char         *path,
                                             GError            **error);
gboolean      mail_provider_supports_auth   (const MailProvider *provider,
                                             MailAuthKind        auth);
/* %EMAIL% / %LOCALPART% expansion. */
char         *mail_provider_expand          (const char         *template_,
                                             const char         *email);
/* A MailServer for email, with source "built-in provider NAME" or "provider file PATH";
 * given (MailServer.given) when the file was loaded with mail_provider_registry_load_file. */
MailServer   *mail_provider_make_server     (const MailProvider *provider,
                                             MailProtocol        protocol,
                                             const char         *email);

/* The SASL user name for opening mailbox as delegate (the person signed in): the provider's
 * SharedMailboxUsername with %MAILBOX% and %EMAIL% (the delegate) expanded. Microsoft takes the
 * mailbox itself with the delegate's token; Dovecot's master users "%MAILBOX%*%EMAIL%". */
char         *mail_provider_shared_username (const MailProvider *provider,
                                             const char         *mailbox,
                                             const char         *delegate);

/* Microsoft tenants. A copy whose AuthorizeUrl, TokenUrl and DeviceAuthorizationUrl use tenant
 * (a directory ID or a verified domain, "organizations", "consumers") instead of "common";
 * NULL with MAIL_ERROR_INVALID_INPUT when tenant is not such a name or the provider's sign-in
 * has no tenant in its addresses. */
MailProvider *mail_provider_with_tenant     (const MailProvider *provider,
                                             const char         *tenant,
                                             GError            **error);
/* The tenant of a Microsoft sign-in address (…/TENANT/oauth2/…), or NULL for "common" and
 * addresses without one. */
char         *mail_provider_tenant_from_url (const char         *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailProvider, mail_provider_unref)

#define MAIL_TYPE_PROVIDER_REGISTRY (mail_provider_registry_get_type ())
G_DECLARE_FINAL_TYPE (MailProviderRegistry, mail_provider_registry, MAIL, PROVIDER_REGISTRY, GObject)

MailProviderRegistry *mail_provider_registry_new          (void);
/* Built-in providers (GResource), then PKGDATADIR/providers, /etc/mail-setup/providers,
 * $XDG_CONFIG_HOME/mail-setup/providers; a later file with the same Id replaces the earlier.
 * Malformed files are skipped and listed by get_warnings (). */
void                  mail_provider_registry_load_defaults (MailProviderRegistry *self);
gboolean              mail_provider_registry_load_file     (MailProviderRegistry *self,
                                                            const char           *path,
                                                            GError              **error);
MailProvider         *mail_provider_registry_lookup        (MailProviderRegistry *self,
                                                            const char           *id);
MailProvider         *mail_provider_registry_lookup_domain (MailProviderRegistry *self,
                                                            const char           *domain);
MailProvider         *mail_provider_registry_lookup_mx     (MailProviderRegistry *self,
                                                            const char           *mx_host);
/* Recognises a provider from a server host name (outlook.office365.com → microsoft365 is
 * ambiguous with outlook: the first file listing the host wins) */
MailProvider         *mail_provider_registry_lookup_host   (MailProviderRegistry *self,
                                                            const char           *host);
/* (transfer none) MailProvider *, in load order */
GPtrArray            *mail_provider_registry_list          (MailProviderRegistry *self);
/* (transfer none) char *: "path:line: problem" for every skipped file */
GPtrArray            *mail_provider_registry_get_warnings  (MailProviderRegistry *self);

/* What is known about an account or a failure, to recognise its provider by. All may be NULL. */
typedef struct
{
  const char        *provider_id;  /* the caller's provider id */
  const char        *email;        /* the address: its domain */
  const char        *host;         /* a server or sign-in host name */
  const char        *greeting;     /* the server's greeting */
  const char *const *lines;        /* the server's reply lines (NULL-terminated) */
} MailProviderClues;

/* Recognises the provider family (and the provider where it is known) from the clues, by the
 * [Recognition] keys of the provider files (docs/provider-file.md), in this order, the first
 * that answers wins: the given provider id; the address domain (Domains, DomainPatterns, then
 * FamilyDomains); the host (the [IMAP]/[SMTP] hosts and ServerHosts, then FamilyServerHosts);
 * the server's words (ServerWords, then FamilyServerWords). Only providers with a Family take
 * part. provider_id is the given one when there was one, else the recognised provider's or
 * NULL; both strings belong to the registry. Returns FALSE (family NULL) when nothing was
 * recognised. */
gboolean              mail_provider_registry_recognise     (MailProviderRegistry    *self,
                                                            const MailProviderClues *clues,
                                                            const char             **provider_id,
                                                            const char             **family);
/* (transfer none) A registry of the built-in providers and the installed, administrator's and
 * user's files (load_defaults), loaded on first use and kept for the life of the process. */
MailProviderRegistry *mail_provider_registry_get_default   (void);

G_END_DECLS
