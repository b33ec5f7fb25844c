/* mail-provider-servers.c: what a provider gives an account: its servers, user names and
 * Microsoft tenants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-provider.h"
#include "mail-provider-private.h"
#include "mail-validate.h"

gboolean
mail_provider_supports_auth (const MailProvider *provider,
                             MailAuthKind        auth)
{
  g_return_val_if_fail (provider != NULL, FALSE);

  return mail_provider_server_has_auth (&provider->imap, auth) ||
         mail_provider_server_has_auth (&provider->smtp, auth);
}

char *
mail_provider_expand (const char *template_,
                      const char *email)
{
  g_autofree char *local = NULL;
  GString *out;

  g_return_val_if_fail (template_ != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  local = mail_email_local_part (email);
  out = g_string_new (template_);
  g_string_replace (out, "%EMAIL%", email, 0);
  g_string_replace (out, "%LOCALPART%", local, 0);
  g_string_replace (out, "%DOMAIN%", mail_email_domain (email), 0);
  return g_string_free (out, FALSE);
}

MailServer *
mail_provider_make_server (const MailProvider *provider,
                           MailProtocol        protocol,
                           const char         *email)
{
  const MailProviderServer *ps;
  MailServer *server;
  g_autofree char *domain = NULL;
  gboolean custom;

  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  ps = protocol == MAIL_PROTOCOL_IMAP ? &provider->imap : &provider->smtp;
  /* An address on a domain the provider does not list is one of its customers' own domains
   * (found by the MX): those can need other servers or the full address as user name. */
  domain = mail_provider_normalize_name (mail_email_domain (email));
  custom = !g_strv_contains ((const char *const *) provider->domains, domain);
  server = mail_server_new (protocol,
                            custom && ps->custom_host != NULL ? ps->custom_host : ps->host,
                            ps->port, ps->security);
  server->username = mail_provider_expand (custom && ps->custom_username != NULL ?
                                           ps->custom_username : ps->username, email);
  server->auth = ps->n_auth > 0 ? ps->auth[0] : MAIL_AUTH_PASSWORD;
  server->given = ((const MailProviderPrivate *) provider)->named;

  if (((const MailProviderPrivate *) provider)->builtin)
    {
      server->source = g_strdup_printf (_("built-in provider %s"), provider->name);
      server->source_url = g_strdup (provider->documentation);
    }
  else
    {
      server->source = g_strdup_printf (_("provider file %s"), provider->path);
      server->source_url = g_strdup (provider->path);
    }

  return server;
}

char *
mail_provider_shared_username (const MailProvider *provider,
                               const char         *mailbox,
                               const char         *delegate)
{
  GString *out;

  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (mailbox != NULL && delegate != NULL, NULL);

  out = g_string_new (provider->shared_mailbox_username != NULL
                        ? provider->shared_mailbox_username : "%MAILBOX%");
  g_string_replace (out, "%MAILBOX%", mailbox, 0);
  g_string_replace (out, "%EMAIL%", delegate, 0);
  return g_string_free (out, FALSE);
}

/* Tenants ---------------------------------------------------------------------------------- */

static void
server_copy (MailProviderServer       *to,
             const MailProviderServer *from)
{
  to->host = g_strdup (from->host);
  to->port = from->port;
  to->security = from->security;
  to->n_auth = from->n_auth;
  to->auth = g_memdup2 (from->auth, sizeof (MailAuthKind) * from->n_auth);
  to->username = g_strdup (from->username);
  to->custom_host = g_strdup (from->custom_host);
  to->custom_username = g_strdup (from->custom_username);
}

static MailProvider *
provider_copy (const MailProvider *from)
{
  MailProvider *to = g_atomic_rc_box_alloc0 (sizeof (MailProviderPrivate));

  ((MailProviderPrivate *) to)->builtin = ((const MailProviderPrivate *) from)->builtin;
  to->id = g_strdup (from->id);
  to->name = g_strdup (from->name);
  to->domains = g_strdupv (from->domains);
  to->mx_suffixes = g_strdupv (from->mx_suffixes);
  to->documentation = g_strdup (from->documentation);
  to->path = g_strdup (from->path);
  server_copy (&to->imap, &from->imap);
  server_copy (&to->smtp, &from->smtp);
  to->has_oauth = from->has_oauth;
  to->authorize_url = g_strdup (from->authorize_url);
  to->token_url = g_strdup (from->token_url);
  to->client_id = g_strdup (from->client_id);
  to->client_secret = g_strdup (from->client_secret);
  to->client_id_option = g_strdup (from->client_id_option);
  to->scopes = g_strdupv (from->scopes);
  to->redirect_host = g_strdup (from->redirect_host);
  to->extra_parameters = g_strdupv (from->extra_parameters);
  to->mechanisms = g_strdupv (from->mechanisms);
  to->device_authorization_url = g_strdup (from->device_authorization_url);
  to->shared_mailbox_username = g_strdup (from->shared_mailbox_username);
  to->refresh_idle_days = from->refresh_idle_days;
  to->refresh_testing_days = from->refresh_testing_days;
  to->enable_steps = g_strdupv (from->enable_steps);
  to->settings_url = g_strdup (from->settings_url);
  to->admin_steps = g_strdupv (from->admin_steps);
  to->admin_command = g_strdup (from->admin_command);
  to->app_password_url = g_strdup (from->app_password_url);
  to->admin_smtp_command = g_strdup (from->admin_smtp_command);
  to->family = g_strdup (from->family);
  to->audience = from->audience;
  to->domain_patterns = g_strdupv (from->domain_patterns);
  to->server_hosts = g_strdupv (from->server_hosts);
  to->server_words = g_strdupv (from->server_words);
  to->family_domains = g_strdupv (from->family_domains);
  to->family_server_hosts = g_strdupv (from->family_server_hosts);
  to->family_server_words = g_strdupv (from->family_server_words);
  return to;
}

/* A directory ID (GUID) or a domain: letters, digits, dots and dashes, not starting or ending
 * with a dot or dash; it becomes a path segment of the sign-in addresses. */
static gboolean
tenant_is_valid (const char *tenant)
{
  gsize length = strlen (tenant);

  if (length == 0 || length > 253 || !g_ascii_isalnum (tenant[0]) ||
      !g_ascii_isalnum (tenant[length - 1]))
    return FALSE;
  for (const char *p = tenant; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return strstr (tenant, "..") == NULL;
}

static char *
replace_common (const char *url,
                const char *tenant)
{
  g_autofree char *segment = NULL;
  GString *out;

  if (url == NULL)
    return NULL;
  segment = g_strconcat ("/", tenant, "/", NULL);
  out = g_string_new (url);
  g_string_replace (out, "/common/", segment, 1);
  return g_string_free (out, FALSE);
}

MailProvider *
mail_provider_with_tenant (const MailProvider  *provider,
                           const char          *tenant,
                           GError             **error)
{
  g_autofree char *lower = NULL;
  MailProvider *copy;

  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  if (!tenant_is_valid (tenant))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("“%s” is not a tenant: give the directory (tenant) ID or a domain of the "
                     "organisation, such as contoso.com."), tenant);
      return NULL;
    }
  if (!provider->has_oauth || strstr (provider->authorize_url, "/common/") == NULL ||
      strstr (provider->token_url, "/common/") == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s does not sign in through an organisation (tenant)."), provider->name);
      return NULL;
    }

  lower = g_ascii_strdown (tenant, -1);
  copy = provider_copy (provider);
  g_free (copy->authorize_url);
  copy->authorize_url = replace_common (provider->authorize_url, lower);
  g_free (copy->token_url);
  copy->token_url = replace_common (provider->token_url, lower);
  g_free (copy->device_authorization_url);
  copy->device_authorization_url = replace_common (provider->device_authorization_url, lower);
  return copy;
}

char *
mail_provider_tenant_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) segments = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  /* "/TENANT/oauth2/v2.0/token" */
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  if (g_strv_length (segments) < 3 || g_strcmp0 (segments[2], "oauth2") != 0 ||
      !tenant_is_valid (segments[1]) || g_ascii_strcasecmp (segments[1], "common") == 0)
    return NULL;
  return g_strdup (segments[1]);
}

/* Registry --------------------------------------------------------------------------------- */
