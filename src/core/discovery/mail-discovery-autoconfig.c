/* mail-discovery-autoconfig.c: the discovery sources that fetch autoconfig documents over HTTP
 *
 * The domain's autoconfig (https://autoconfig.<domain>/...), its .well-known document, the
 * Thunderbird ISP database, the same for the MX host's domain (started by the MX lookup) and,
 * as the last resort, the domain's documents over plain HTTP. Parsing is mail-autoconfig.c's;
 * here the document becomes settings with their source, notes and provider.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mail-autoconfig.h"
#include "mail-discovery-source.h"

#define READ_CHUNK 16384

/* An autoconfig may offer OAuth2 for hosts we know no OAuth2 for: fall back to its password. */
static void
fix_auth (MailAccountSettings *settings,
          MailServer          *server,
          MailAuthMask         mask)
{
  if (server == NULL || server->auth != MAIL_AUTH_OAUTH2)
    return;
  if (settings->provider != NULL && settings->provider->has_oauth)
    return;
  if (mask & (1u << MAIL_AUTH_PASSWORD))
    server->auth = MAIL_AUTH_PASSWORD;
}


static MailAccountSettings *
settings_from_autoconfig (MailDiscoveryRun    *run,
                          MailDiscoverySource  source,
                          MailAutoconfig      *config,
                          const char          *url)
{
  MailAccountSettings *settings = mail_account_settings_new (run->email);
  const char *expected = run->domain;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  switch (source)
    {
    case MAIL_DISCOVERY_SOURCE_AUTOCONFIG:
    case MAIL_DISCOVERY_SOURCE_WELL_KNOWN:
      text = g_strdup (_("the domain’s autoconfig document"));
      break;
    case MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG:
      text = g_strdup_printf (_("the autoconfig document of %s, found through the domain’s MX "
                                "record %s"), run->mx_base, run->mx_host);
      expected = run->mx_base;
      break;
    case MAIL_DISCOVERY_SOURCE_ISPDB:
      text = g_strdup (_("the Thunderbird ISP database"));
      break;
    case MAIL_DISCOVERY_SOURCE_MX_ISPDB:
      text = g_strdup_printf (_("the Thunderbird ISP database entry for %s, found through the "
                                "domain’s MX record %s"), run->mx_base, run->mx_host);
      expected = run->mx_base;
      break;
    case MAIL_DISCOVERY_SOURCE_PLAIN_HTTP:
      text = g_strdup (_("the domain’s autoconfig document over plain HTTP (not secure)"));
      break;
    default:
      g_assert_not_reached ();
    }

  settings->imap = g_steal_pointer (&config->imap);
  settings->smtp = g_steal_pointer (&config->smtp);
  /* The document's further servers: alternatives after a failed check, never used unasked. */
  for (guint i = 0; i < config->others->len; i++)
    {
      MailServer *other = mail_server_copy (g_ptr_array_index (config->others, i));

      g_clear_pointer (&other->source, g_free);
      other->source = g_strdup (text);
      g_clear_pointer (&other->source_url, g_free);
      other->source_url = g_strdup (url);
      g_ptr_array_add (settings->other_servers, other);
    }
  mail_discovery_attach_provider (run, settings);
  fix_auth (settings, settings->imap, config->imap_auth);
  fix_auth (settings, settings->smtp, config->smtp_auth);

  where = g_strdup_printf (_("The autoconfig document at %s"), url);
  for (guint i = 0; i < 2; i++)
    {
      MailServer *server = i == 0 ? settings->imap : settings->smtp;
      char *note;

      if (server == NULL)
        continue;
      server->source = g_strdup (text);
      server->source_url = g_strdup (url);
      /* Never follow a document to another domain's servers without saying so. */
      note = mail_discovery_host_domain_note (server->host, expected, where);
      if (note != NULL)
        g_ptr_array_add (settings->notes, note);
    }

  if (source == MAIL_DISCOVERY_SOURCE_PLAIN_HTTP)
    g_ptr_array_add (settings->notes,
                     g_strdup_printf (_("These settings came over plain HTTP from %s, which "
                                        "anyone on the network could have changed: check them "
                                        "with your provider."), url));

  if (config->enable_steps != NULL || config->enable_url != NULL)
    {
      g_autofree char *steps = config->enable_steps != NULL
                               ? g_strjoinv (" ", config->enable_steps) : NULL;

      if (steps != NULL && config->enable_url != NULL)
        g_ptr_array_add (settings->notes, g_strdup_printf (_("Before you sign in: %s (%s)"),
                                                           steps, config->enable_url));
      else
        g_ptr_array_add (settings->notes, g_strdup_printf (_("Before you sign in: %s"),
                                                           steps ? steps : config->enable_url));
    }

  if (settings->provider == NULL && config->display_name != NULL)
    settings->provider_name = g_strdup (config->display_name);

  return settings;
}

/* Fetching ----------------------------------------------------------------------------------- */

typedef struct
{
  GTask               *task;
  MailDiscoverySource  source;
  char                *url;
  SoupMessage         *message;
  GInputStream        *stream;
  GByteArray          *body;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->task);
  g_free (fetch->url);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch);
}

static void
fetch_done (Fetch               *fetch,
            MailAccountSettings *settings,
            const char          *outcome)
{
  MailDiscoveryRun *run = g_task_get_task_data (fetch->task);

  mail_discovery_source_log (run, fetch->source, fetch->url, settings != NULL, outcome);
  mail_discovery_source_end (run, fetch->source, settings);
  fetch_free (fetch);
}

static void
fetch_parse (Fetch *fetch)
{
  MailDiscoveryRun *run = g_task_get_task_data (fetch->task);
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) error = NULL;
  MailAccountSettings *settings;

  config = mail_autoconfig_parse ((const char *) fetch->body->data, fetch->body->len,
                                  run->email, &error);
  if (config == NULL)
    {
      fetch_done (fetch, NULL, error->message);
      return;
    }

  settings = settings_from_autoconfig (run, fetch->source, config, fetch->url);
  fetch_done (fetch, settings, _("found"));
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      fetch_done (fetch, NULL, error->message);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      fetch_parse (fetch);
      return;
    }

  if (fetch->body->len + g_bytes_get_size (bytes) > MAIL_AUTOCONFIG_MAX_SIZE)
    {
      g_autofree char *outcome =
        g_strdup_printf (_("refused: the document is larger than %u KiB"),
                         MAIL_AUTOCONFIG_MAX_SIZE / 1024);

      fetch_done (fetch, NULL, outcome);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (fetch->task), fetch_read_cb, fetch);
}

static void
fetch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  guint status;
  GUri *final_uri;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      fetch_done (fetch, NULL, error->message);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *outcome = g_strdup_printf (_("HTTP status %u"), status);

      fetch_done (fetch, NULL, outcome);
      return;
    }

  /* A redirect must not take an HTTPS lookup to plain HTTP. */
  final_uri = soup_message_get_uri (fetch->message);
  if (g_str_has_prefix (fetch->url, "https:") &&
      g_strcmp0 (g_uri_get_scheme (final_uri), "https") != 0)
    {
      fetch_done (fetch, NULL, _("refused: redirected from HTTPS to plain HTTP"));
      return;
    }

  fetch->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (fetch->task), fetch_read_cb, fetch);
}

/* One request may use half the budget: a server that never answers (like an HTTP server spoken
 * to in TLS) still leaves time for the fallbacks. */
static SoupSession *
run_session (MailDiscoveryRun *run)
{
  if (run->session == NULL)
    {
      SoupSession *session;

      session = soup_session_new_with_options ("timeout",
                                               MAX (1u, run->config->deadline_ms / 2000),
                                               "user-agent", "mail-setup/" PACKAGE_VERSION,
                                               /* all lookups at once, even to one host */
                                               "max-conns-per-host", 8,
                                               NULL);
      if (run->config->tls_database != NULL)
        soup_session_set_tls_database (session, run->config->tls_database);
      run->session = G_OBJECT (session);
    }
  return SOUP_SESSION (run->session);
}

void
mail_discovery_autoconfig_fetch (MailDiscoveryRun    *run,
                                 MailDiscoverySource  source,
                                 const char          *url)
{
  Fetch *fetch;

  mail_discovery_source_begin (run, source);

  fetch = g_new0 (Fetch, 1);
  fetch->task = g_object_ref (run->task);
  fetch->source = source;
  fetch->url = g_strdup (url);
  fetch->message = soup_message_new (SOUP_METHOD_GET, url);
  if (fetch->message == NULL)
    {
      fetch_done (fetch, NULL, _("not a valid URL"));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message), "Accept",
                                "application/xml, text/xml");

  soup_session_send_async (run_session (run), fetch->message, G_PRIORITY_DEFAULT,
                           run->cancellable, fetch_sent_cb, fetch);
}

/* The sources ------------------------------------------------------------------------------- */

void
mail_discovery_autoconfig_fetch_domain (MailDiscoveryRun    *run,
                                        MailDiscoverySource  source,
                                        const char          *url_template,
                                        const char          *domain,
                                        gboolean             append)
{
  g_autofree char *url = NULL;

  if (!mail_discovery_source_enabled (run, source))
    return;

  url = mail_discovery_expand_template (url_template, domain, append);
  mail_discovery_autoconfig_fetch (run, source, url);
}

/* The domain's own autoconfig, its .well-known document, then the ISP database. */
static void
autoconfig_start (MailDiscoveryRun *run)
{
  const MailDiscoveryConfig *config = run->config;

  mail_discovery_autoconfig_fetch_domain (run, MAIL_DISCOVERY_SOURCE_AUTOCONFIG,
                                          config->autoconfig_template, run->domain, FALSE);
  mail_discovery_autoconfig_fetch_domain (run, MAIL_DISCOVERY_SOURCE_WELL_KNOWN,
                                          config->well_known_template, run->domain, FALSE);
  mail_discovery_autoconfig_fetch_domain (run, MAIL_DISCOVERY_SOURCE_ISPDB, config->ispdb_base,
                                          run->domain, TRUE);
}

const MailDiscoverySourceClass mail_discovery_autoconfig_source = {
  .start = autoconfig_start,
};

static void
plain_http_start (MailDiscoveryRun *run)
{
  const MailDiscoveryConfig *config = run->config;
  const char *templates[] = { config->autoconfig_template, config->well_known_template };

  if (!mail_discovery_source_enabled (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP) ||
      !config->use_plain_http)
    return;

  /* Only for HTTPS templates: a configured http:// template was already tried. */
  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP);
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      if (g_str_has_prefix (templates[i], "https://"))
        {
          g_autofree char *http = g_strconcat ("http://", templates[i] + strlen ("https://"),
                                               NULL);
          g_autofree char *url = mail_discovery_expand_template (http, run->domain, FALSE);

          mail_discovery_autoconfig_fetch (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP, url);
        }
    }
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP, NULL);
}

const MailDiscoverySourceClass mail_discovery_plain_http_source = {
  .start = plain_http_start,
  .last_resort = TRUE,
};
