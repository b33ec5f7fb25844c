/* mail-provider.h: what Mail Setup knows about one provider (a *.provider file)
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

G_END_DECLS
