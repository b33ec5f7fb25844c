/* mail-discovery.c: finds IMAP and SMTP settings from an email address
 *
 * Every independent source starts at once; each answer is kept under its source's trust rank.
 * For each protocol the answer is settled as soon as some source has one and every more trusted
 * source has finished, so the result comes after roughly the slowest *needed* lookup, not the sum
 * of all of them. Then the slower lookups are cancelled. One deadline bounds the whole run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mail-autoconfig.h"
#include "mail-discovery.h"
#include "mail-connect.h"
#include "mail-table-resolver.h"
#include "mail-test-hooks.h"

#define DEFAULT_DEADLINE_MS 10000
#define PROBE_TIMEOUT_S 5
#define GREETING_MAX 1024
#define READ_CHUNK 16384

G_DEFINE_QUARK (mail-discovery-error-quark, mail_discovery_error)

struct _MailDiscovery
{
  GObject               parent_instance;

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
  GPtrArray            *lookups;            /* of the last finished run */
};

G_DEFINE_FINAL_TYPE (MailDiscovery, mail_discovery, G_TYPE_OBJECT)

static const char *const source_names[] = {
  "provider", "autoconfig", "well-known", "mx", "mx-autoconfig", "srv", "ispdb", "mx-ispdb",
  "guess", "plain-http",
};
G_STATIC_ASSERT (G_N_ELEMENTS (source_names) == MAIL_DISCOVERY_N_SOURCES);

const char *
mail_discovery_source_to_string (MailDiscoverySource source)
{
  g_return_val_if_fail (source < MAIL_DISCOVERY_N_SOURCES, NULL);
  return source_names[source];
}

static void
lookup_free (gpointer data)
{
  MailDiscoveryLookup *lookup = data;

  g_free (lookup->query);
  g_free (lookup->outcome);
  g_free (lookup);
}

/* The run ------------------------------------------------------------------------------------ */

typedef struct
{
  const char   *prefix;     /* "imap", "mail", "smtp" */
  MailProtocol  protocol;
  MailSecurity  security;
} GuessCandidate;

/* In order of preference: implicit TLS first (RFC 8314), then the protocol's own name. */
static const GuessCandidate guess_candidates[] = {
  { "imap", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS },
  { "mail", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS },
  { "imap", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS },
  { "mail", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS },
  { "smtp", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS },
  { "mail", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS },
  { "smtp", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS },
  { "mail", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS },
};

typedef enum
{
  GUESS_UNTRIED,   /* skipped (port 0) counts as done and failed */
  GUESS_PENDING,
  GUESS_FAILED,
  GUESS_OK,
} GuessState;

static const char *const srv_services[] = { "imaps", "imap", "submissions", "submission" };

typedef struct
{
  MailDiscovery        *self;
  char                 *email;
  char                 *domain;
  GCancellable         *cancellable;     /* ours: cancelled when the run ends */
  GCancellable         *outer;
  gulong                outer_id;
  GSource              *deadline;
  SoupSession          *session;
  gint64                started;
  gboolean              done;
  gboolean              timed_out;

  guint                 pending[MAIL_DISCOVERY_N_SOURCES];
  MailAccountSettings  *found[MAIL_DISCOVERY_N_SOURCES];
  gboolean              plain_http_started;

  /* MX */
  char                 *mx_host;
  char                 *mx_record;
  char                 *mx_base;

  /* SRV: one lookup per service */
  guint                 srv_remaining;
  GSrvTarget           *srv_targets[G_N_ELEMENTS (srv_services)];

  /* guessing */
  gboolean              guess_done;
  GuessState            guess_state[G_N_ELEMENTS (guess_candidates)];

  GPtrArray            *lookups;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_assert (run->deadline == NULL);
  if (run->outer_id != 0)
    g_cancellable_disconnect (run->outer, run->outer_id);
  g_clear_object (&run->outer);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->session);
  g_free (run->email);
  g_free (run->domain);
  for (guint i = 0; i < MAIL_DISCOVERY_N_SOURCES; i++)
    g_clear_pointer (&run->found[i], mail_account_settings_free);
  g_free (run->mx_host);
  g_free (run->mx_record);
  g_free (run->mx_base);
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    g_clear_pointer (&run->srv_targets[i], g_srv_target_free);
  g_clear_pointer (&run->lookups, g_ptr_array_unref);
  g_clear_object (&run->self);
  g_free (run);
}

static void run_check (GTask *task);

static void
run_log (Run                 *run,
         MailDiscoverySource  source,
         const char          *query,
         gboolean             found,
         const char          *outcome)
{
  MailDiscoveryLookup *lookup;

  if (run->done)
    return;

  lookup = g_new0 (MailDiscoveryLookup, 1);
  lookup->source = source;
  lookup->query = g_strdup (query);
  lookup->found = found;
  lookup->outcome = g_strdup (outcome);
  lookup->ms = (g_get_monotonic_time () - run->started) / 1000.0;
  g_ptr_array_add (run->lookups, lookup);
  g_debug ("discovery: %s %s: %s", source_names[source], query, outcome);
}

static gboolean
source_enabled (Run                 *run,
                MailDiscoverySource  source)
{
  return !run->self->disabled[source];
}

static void
source_begin (Run                 *run,
              MailDiscoverySource  source)
{
  run->pending[source]++;
}

/* Takes settings (may be NULL: this lookup found nothing). */
static void
source_end (GTask               *task,
            MailDiscoverySource  source,
            MailAccountSettings *settings)
{
  Run *run = g_task_get_task_data (task);

  g_assert (run->pending[source] > 0);
  run->pending[source]--;

  /* The trust boundary: whatever a source found (SRV targets, autoconfig, guesses) passes the
   * same checks as every other value from outside, or is not used. */
  if (settings != NULL && !run->done)
    {
      g_autoptr(GError) error = NULL;

      if (!mail_account_settings_validate (settings, &error))
        {
          run_log (run, source, run->domain, FALSE, error->message);
          g_clear_pointer (&settings, mail_account_settings_free);
        }
    }

  if (settings != NULL && !run->done)
    {
      MailAccountSettings *kept = run->found[source];

      /* Two lookups of one rank: the first keeps its place, the second fills gaps. */
      if (kept == NULL)
        run->found[source] = g_steal_pointer (&settings);
      else if (kept->smtp == NULL && settings->smtp != NULL)
        kept->smtp = g_steal_pointer (&settings->smtp);
    }
  g_clear_pointer (&settings, mail_account_settings_free);

  run_check (task);
}

/* TRUE when the answer for protocol is settled; *source is where it comes from, or
 * MAIL_DISCOVERY_N_SOURCES when no source has one. */
static gboolean
run_decide (Run                 *run,
            MailProtocol         protocol,
            gboolean             all,
            MailDiscoverySource *source)
{
  for (guint i = 0; i < MAIL_DISCOVERY_N_SOURCES; i++)
    {
      MailAccountSettings *found = run->found[i];

      if (found != NULL && (protocol == MAIL_PROTOCOL_IMAP ? found->imap : found->smtp) != NULL)
        {
          *source = i;
          return TRUE;
        }
      if (run->pending[i] > 0 && !all)
        return FALSE;
    }

  *source = MAIL_DISCOVERY_N_SOURCES;
  return TRUE;
}

/* host is domain itself or a name under it (a trailing dot on host is ignored). */
static gboolean
host_in_domain (const char *host,
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

static char *
host_domain_note (const char *host,
                  const char *expected,
                  const char *where)
{
  if (host_in_domain (host, expected))
    return NULL;

  return g_strdup_printf (_("%s points to %s, a server outside %s: check that this is really "
                            "your provider before you sign in."), where, host, expected);
}

static gboolean
source_is_http (MailDiscoverySource source)
{
  return source == MAIL_DISCOVERY_SOURCE_AUTOCONFIG || source == MAIL_DISCOVERY_SOURCE_WELL_KNOWN ||
         source == MAIL_DISCOVERY_SOURCE_ISPDB || source == MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG ||
         source == MAIL_DISCOVERY_SOURCE_MX_ISPDB || source == MAIL_DISCOVERY_SOURCE_PLAIN_HTTP;
}

/* The rules of mail-discovery.h, with the reason in words for people. */
static void
decide_trust (Run                 *run,
              MailDiscoverySource  source,
              MailServer          *server)
{
  const char *domain = run->domain;
  gboolean in_domain = host_in_domain (server->host, domain);
  MailProvider *known = NULL;
  g_autofree char *reason = NULL;
  gboolean trusted = FALSE;

  if (source_is_http (source) &&
      (source == MAIL_DISCOVERY_SOURCE_PLAIN_HTTP || server->source_url == NULL ||
       !g_str_has_prefix (server->source_url, "https://")))
    {
      mail_server_set_trust (server, FALSE,
                             _("It was found through plain HTTP, which anyone on the network "
                               "can change."));
      return;
    }

  switch (source)
    {
    case MAIL_DISCOVERY_SOURCE_PROVIDER:
      trusted = TRUE;
      reason = g_strdup (_("It comes from a provider file on this computer."));
      break;
    case MAIL_DISCOVERY_SOURCE_MX_PROVIDER:
      trusted = TRUE;
      reason = g_strdup_printf (_("The domain’s mail goes to %s, a provider Mail Setup knows, "
                                  "and the server comes from its provider file."),
                                run->mx_host);
      break;
    case MAIL_DISCOVERY_SOURCE_AUTOCONFIG:
    case MAIL_DISCOVERY_SOURCE_WELL_KNOWN:
      known = in_domain ? NULL
                        : mail_provider_registry_lookup_host (run->self->registry, server->host);
      trusted = in_domain || known != NULL;
      if (in_domain)
        reason = g_strdup_printf (_("%s published it over HTTPS, for a server inside the "
                                    "domain."), domain);
      else if (known != NULL)
        reason = g_strdup_printf (_("%s published it over HTTPS, for a server of %s, a provider "
                                    "Mail Setup knows."), domain, known->name);
      else
        reason = g_strdup_printf (_("The autoconfig document of %s names %s, a server of "
                                    "another domain."), domain, server->host);
      break;
    case MAIL_DISCOVERY_SOURCE_ISPDB:
      trusted = TRUE;
      reason = g_strdup (_("It comes from the Thunderbird ISP database, over HTTPS."));
      break;
    case MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG:
    case MAIL_DISCOVERY_SOURCE_MX_ISPDB:
      reason = g_strdup_printf (_("It belongs to another domain, %s, chosen by the domain’s MX "
                                  "record, which anyone who can change DNS answers can forge."),
                                run->mx_base);
      break;
    case MAIL_DISCOVERY_SOURCE_SRV:
      trusted = in_domain;
      if (in_domain)
        reason = g_strdup_printf (_("The domain’s SRV record names a server inside %s, whose "
                                    "certificate is checked before anything is sent."), domain);
      else
        reason = g_strdup_printf (_("The domain’s SRV record points to %s, outside %s, and DNS "
                                    "answers can be forged."), server->host, domain);
      break;
    case MAIL_DISCOVERY_SOURCE_GUESS:
      trusted = in_domain && server->security != MAIL_SECURITY_NONE;
      if (trusted)
        reason = g_strdup_printf (_("%s is a guessed name inside %s; the sign-in is sent only "
                                    "after its certificate proves it is that server."),
                                  server->host, domain);
      else
        reason = g_strdup_printf (_("%s is only a guess."), server->host);
      break;
    case MAIL_DISCOVERY_SOURCE_PLAIN_HTTP:
    case MAIL_DISCOVERY_N_SOURCES:
    default:
      g_assert_not_reached ();
    }

  mail_server_set_trust (server, trusted, reason);
}

static void
run_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscovery *self = run->self;
  MailDiscoverySource imap_source, smtp_source;
  g_autoptr(MailAccountSettings) result = NULL;

  g_assert (!run->done);
  run->done = TRUE;

  if (run->deadline != NULL)
    {
      g_source_destroy (run->deadline);
      g_clear_pointer (&run->deadline, g_source_unref);
    }
  /* The slower lookups are no longer needed. */
  g_cancellable_cancel (run->cancellable);

  g_clear_pointer (&self->lookups, g_ptr_array_unref);
  self->lookups = g_ptr_array_ref (run->lookups);

  if (run->outer != NULL && g_cancellable_is_cancelled (run->outer))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }

  run_decide (run, MAIL_PROTOCOL_IMAP, TRUE, &imap_source);
  run_decide (run, MAIL_PROTOCOL_SMTP, TRUE, &smtp_source);

  if (imap_source == MAIL_DISCOVERY_N_SOURCES && smtp_source == MAIL_DISCOVERY_N_SOURCES)
    {
      if (run->timed_out)
        g_task_return_new_error (task, MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND,
                                 _("No settings for %s were found within %u seconds. Enter the "
                                   "settings yourself: your provider's help pages list the IMAP "
                                   "and SMTP server names."),
                                 run->domain, (self->deadline_ms + 999) / 1000);
      else
        g_task_return_new_error (task, MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND,
                                 _("No settings for %s were found. Enter the settings yourself: "
                                   "your provider's help pages list the IMAP and SMTP server "
                                   "names."), run->domain);
      return;
    }

  if (imap_source != MAIL_DISCOVERY_N_SOURCES)
    {
      result = g_steal_pointer (&run->found[imap_source]);
      if (smtp_source != MAIL_DISCOVERY_N_SOURCES && smtp_source != imap_source)
        {
          MailAccountSettings *other = run->found[smtp_source];

          g_clear_pointer (&result->smtp, mail_server_free);
          result->smtp = g_steal_pointer (&other->smtp);
          /* The other candidates follow their protocol's source. */
          for (guint i = result->other_servers->len; i > 0; i--)
            if (((MailServer *) g_ptr_array_index (result->other_servers, i - 1))->protocol
                == MAIL_PROTOCOL_SMTP)
              g_ptr_array_remove_index (result->other_servers, i - 1);
          for (guint i = 0; i < other->other_servers->len; i++)
            {
              MailServer *server = g_ptr_array_index (other->other_servers, i);

              if (server->protocol == MAIL_PROTOCOL_SMTP)
                g_ptr_array_add (result->other_servers, mail_server_copy (server));
            }
          for (guint i = 0; i < other->notes->len; i++)
            g_ptr_array_add (result->notes, g_strdup (g_ptr_array_index (other->notes, i)));
        }
    }
  else
    result = g_steal_pointer (&run->found[smtp_source]);

  if (result->imap == NULL)
    g_ptr_array_add (result->notes, g_strdup (_("No IMAP server was found: enter it yourself.")));
  if (result->smtp == NULL)
    g_ptr_array_add (result->notes, g_strdup (_("No SMTP server was found: enter it yourself.")));
  if (run->timed_out)
    g_ptr_array_add (result->notes,
                     g_strdup_printf (_("Some lookups did not answer within %u seconds; a "
                                        "better answer may exist."),
                                      (self->deadline_ms + 999) / 1000));
  if (result->imap != NULL)
    {
      decide_trust (run, imap_source, result->imap);
      result->auth = result->imap->auth;
    }
  if (result->smtp != NULL)
    decide_trust (run, smtp_source, result->smtp);

  g_task_return_pointer (task, g_steal_pointer (&result),
                         (GDestroyNotify) mail_account_settings_free);
}

static void start_plain_http (GTask *task);

static void
run_check (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscoverySource imap_source, smtp_source;

  if (run->done)
    return;

  if (run->outer != NULL && g_cancellable_is_cancelled (run->outer))
    {
      run_finish (task);
      return;
    }

  if (!run_decide (run, MAIL_PROTOCOL_IMAP, FALSE, &imap_source) ||
      !run_decide (run, MAIL_PROTOCOL_SMTP, FALSE, &smtp_source))
    return;

  /* Plain HTTP only when everything else is done and something is still missing. */
  if ((imap_source == MAIL_DISCOVERY_N_SOURCES || smtp_source == MAIL_DISCOVERY_N_SOURCES) &&
      !run->plain_http_started)
    {
      start_plain_http (task);
      return;
    }

  run_finish (task);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->deadline, g_source_unref);
  run->timed_out = TRUE;
  run_finish (task);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  /* May run in another thread: only cancel ours; the lookups then finish the run. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Settings from one source ------------------------------------------------------------------- */

static void
attach_provider (Run                 *run,
                 MailAccountSettings *settings)
{
  MailProvider *provider = NULL;

  if (settings->imap != NULL)
    provider = mail_provider_registry_lookup_host (run->self->registry, settings->imap->host);
  if (provider == NULL && settings->smtp != NULL)
    provider = mail_provider_registry_lookup_host (run->self->registry, settings->smtp->host);
  if (provider == NULL)
    return;

  settings->provider = mail_provider_ref (provider);
  settings->provider_id = g_strdup (provider->id);
  settings->provider_name = g_strdup (provider->name);
}

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
settings_from_autoconfig (Run                 *run,
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
  attach_provider (run, settings);
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
      note = host_domain_note (server->host, expected, where);
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

/* HTTP: autoconfig documents ----------------------------------------------------------------- */

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
  Run *run = g_task_get_task_data (fetch->task);

  run_log (run, fetch->source, fetch->url, settings != NULL, outcome);
  source_end (fetch->task, fetch->source, settings);
  fetch_free (fetch);
}

static void
fetch_parse (Fetch *fetch)
{
  Run *run = g_task_get_task_data (fetch->task);
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

static char *
expand_template (const char *url_template,
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

static void
start_fetch (GTask               *task,
             MailDiscoverySource  source,
             const char          *url)
{
  Run *run = g_task_get_task_data (task);
  Fetch *fetch;

  source_begin (run, source);

  fetch = g_new0 (Fetch, 1);
  fetch->task = g_object_ref (task);
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

  soup_session_send_async (run->session, fetch->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), fetch_sent_cb, fetch);
}

static void
start_plain_http (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscovery *self = run->self;
  const char *templates[] = { self->autoconfig_template, self->well_known_template };

  run->plain_http_started = TRUE;
  if (!source_enabled (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP) || !self->use_plain_http)
    {
      run_check (task);
      return;
    }

  /* Only for HTTPS templates: a configured http:// template was already tried. */
  source_begin (run, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP);
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      if (g_str_has_prefix (templates[i], "https://"))
        {
          g_autofree char *http = g_strconcat ("http://", templates[i] + strlen ("https://"),
                                               NULL);
          g_autofree char *url = expand_template (http, run->domain, FALSE);

          start_fetch (task, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP, url);
        }
    }
  source_end (task, MAIL_DISCOVERY_SOURCE_PLAIN_HTTP, NULL);
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
  Run *run = g_task_get_task_data (task);
  MailDiscovery *self = run->self;
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
      provider = mail_provider_registry_lookup_mx (self->registry, run->mx_host);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  if (run->mx_host == NULL)
    {
      run_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, FALSE,
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
      run_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, TRUE, outcome);
      source_end (task, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, settings);
      /* The MX-based autoconfig lookups rank below this answer. */
      source_end (task, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG, NULL);
      source_end (task, MAIL_DISCOVERY_SOURCE_MX_ISPDB, NULL);
      return;
    }
  else
    {
      g_autofree char *base = base_domain (run->mx_host);
      g_autofree char *outcome = NULL;

      if (base != NULL && g_ascii_strcasecmp (base, run->domain) != 0)
        run->mx_base = g_steal_pointer (&base);
      outcome = g_strdup_printf (_("%s, no known provider"), run->mx_host);
      run_log (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, run->domain, FALSE, outcome);
    }

  /* Then the same lookups for the MX host's base domain (Thunderbird does the same). */
  if (run->mx_base != NULL)
    {
      if (source_enabled (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG))
        {
          g_autofree char *url = expand_template (self->autoconfig_template, run->mx_base, FALSE);

          start_fetch (task, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG, url);
        }
      if (source_enabled (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB))
        {
          g_autofree char *url = expand_template (self->ispdb_base, run->mx_base, TRUE);

          start_fetch (task, MAIL_DISCOVERY_SOURCE_MX_ISPDB, url);
        }
    }

  source_end (task, MAIL_DISCOVERY_SOURCE_MX_PROVIDER, NULL);
  source_end (task, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG, NULL);
  source_end (task, MAIL_DISCOVERY_SOURCE_MX_ISPDB, NULL);
}

/* SRV ---------------------------------------------------------------------------------------- */

typedef struct
{
  GTask *task;
  guint  index;
} SrvLookup;

static MailServer *
server_from_srv (Run          *run,
                 guint         index,
                 MailProtocol  protocol,
                 MailSecurity  security)
{
  GSrvTarget *target = run->srv_targets[index];
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
  g_autoptr(GTask) task = lookup->task;
  Run *run = g_task_get_task_data (task);
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
          run->srv_targets[index] = g_srv_target_copy (first);
          run_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, TRUE, host);
        }
      else
        run_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, FALSE, _("not offered"));
    }
  else
    run_log (run, MAIL_DISCOVERY_SOURCE_SRV, rrname, FALSE, error->message);
  g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);

  if (--run->srv_remaining > 0)
    return;

  {
    MailServer *imap = server_from_srv (run, 0, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS);
    MailServer *smtp = server_from_srv (run, 2, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS);

    if (imap == NULL)
      imap = server_from_srv (run, 1, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS);
    if (smtp == NULL)
      smtp = server_from_srv (run, 3, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS);

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
              other = server_from_srv (run, i == 0 ? 1 : 3,
                                       i == 0 ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP,
                                       MAIL_SECURITY_STARTTLS);
            if (other != NULL && mail_server_validate (other, NULL))
              g_ptr_array_add (settings->other_servers, other);
            else
              g_clear_pointer (&other, mail_server_free);
          }
        attach_provider (run, settings);
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
            note = host_domain_note (server->host, run->domain,
                                     i == 0 ? _("The IMAP SRV record") : _("The SMTP SRV record"));
            if (note != NULL)
              g_ptr_array_add (settings->notes, note);
          }
      }
  }

  source_end (task, MAIL_DISCOVERY_SOURCE_SRV, settings);
}

/* Guessing ----------------------------------------------------------------------------------- */

typedef struct
{
  GTask          *task;
  guint           index;
  char           *host;
  guint16         port;
  GSocketClient  *client;
  GIOStream      *stream;
  char            buffer[GREETING_MAX];
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->task);
  g_free (probe->host);
  g_clear_object (&probe->client);
  g_clear_object (&probe->stream);
  g_free (probe);
}

static MailServer *
server_from_guess (Run  *run,
                   guint index)
{
  const GuessCandidate *candidate = &guess_candidates[index];
  guint16 port = run->self->guess_ports[candidate->protocol]
                   [candidate->security == MAIL_SECURITY_TLS ? 0 : 1];
  MailServer *server;

  server = mail_server_new (candidate->protocol, NULL, port, candidate->security);
  server->host = g_strdup_printf ("%s.%s", candidate->prefix, run->domain);
  server->username = g_strdup (run->email);
  server->source = g_strdup_printf (_("a guess: %s answered on port %u"), server->host, port);
  return server;
}

/* Settles the guess when, for each protocol, the best candidate still possible answered. */
static void
guess_check (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  int best[2] = { -1, -1 };
  gboolean settled[2] = { TRUE, TRUE };
  MailAccountSettings *settings = NULL;

  if (run->guess_done)
    return;

  for (guint p = 0; p < 2; p++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (guess_candidates); i++)
        {
          if (guess_candidates[i].protocol != p)
            continue;
          if (run->guess_state[i] == GUESS_OK)
            {
              best[p] = i;
              break;
            }
          if (run->guess_state[i] == GUESS_PENDING)
            {
              settled[p] = FALSE;
              break;
            }
        }
    }

  if (!settled[0] || !settled[1])
    return;

  run->guess_done = TRUE;
  if (best[0] >= 0 || best[1] >= 0)
    {
      settings = mail_account_settings_new (run->email);
      if (best[0] >= 0)
        settings->imap = server_from_guess (run, best[0]);
      if (best[1] >= 0)
        settings->smtp = server_from_guess (run, best[1]);
      attach_provider (run, settings);
    }
  source_end (task, MAIL_DISCOVERY_SOURCE_GUESS, settings);
}

static void
probe_done (Probe      *probe,
            gboolean    ok,
            const char *outcome)
{
  g_autoptr(GTask) task = g_object_ref (probe->task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *query = g_strdup_printf ("%s:%u", probe->host, probe->port);

  run->guess_state[probe->index] = ok ? GUESS_OK : GUESS_FAILED;
  if (!run->guess_done)
    run_log (run, MAIL_DISCOVERY_SOURCE_GUESS, query, ok, outcome);
  probe_free (probe);
  guess_check (task);
}

static void
probe_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probe *probe = user_data;
  const GuessCandidate *candidate = &guess_candidates[probe->index];
  g_autoptr(GError) error = NULL;
  gssize n;
  gboolean ok;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      probe_done (probe, FALSE, error->message);
      return;
    }

  if (candidate->protocol == MAIL_PROTOCOL_IMAP)
    ok = n >= 4 && (g_ascii_strncasecmp (probe->buffer, "* OK", 4) == 0 ||
                    (n >= 9 && g_ascii_strncasecmp (probe->buffer, "* PREAUTH", 9) == 0));
  else
    ok = n >= 3 && strncmp (probe->buffer, "220", 3) == 0;

  probe_done (probe, ok, ok ? _("answered") : _("not a mail server greeting"));
}

static void
probe_read_greeting (Probe *probe)
{
  GInputStream *input = g_io_stream_get_input_stream (probe->stream);

  g_input_stream_read_async (input, probe->buffer, sizeof probe->buffer - 1, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (probe->task), probe_read_cb, probe);
}

static void
probe_handshake_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error))
    {
      probe_done (probe, FALSE, error->message);
      return;
    }
  probe_read_greeting (probe);
}

static void
probe_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Probe *probe = user_data;
  Run *run = g_task_get_task_data (probe->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  GIOStream *tls;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      probe_done (probe, FALSE, error->message);
      return;
    }

  if (guess_candidates[probe->index].security != MAIL_SECURITY_TLS)
    {
      probe->stream = G_IO_STREAM (g_steal_pointer (&connection));
      probe_read_greeting (probe);
      return;
    }

  /* Implicit TLS, verified against the guessed name. */
  identity = g_network_address_new (probe->host, probe->port);
  tls = mail_tls_client_connection_new (G_IO_STREAM (connection), identity,
                                        run->self->tls_database, &error);
  if (tls == NULL)
    {
      probe_done (probe, FALSE, error->message);
      return;
    }
  probe->stream = tls;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (probe->task), probe_handshake_cb,
                                    probe);
}

static void
probe_resolved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (addresses == NULL)
    {
      probe_done (probe, FALSE, error->message);
      return;
    }

  address = g_inet_socket_address_new (addresses->data, probe->port);
  g_resolver_free_addresses (addresses);

  probe->client = mail_socket_client_new ();
  g_socket_client_set_timeout (probe->client, PROBE_TIMEOUT_S);
  g_socket_client_connect_async (probe->client, G_SOCKET_CONNECTABLE (address),
                                 g_task_get_cancellable (probe->task), probe_connected_cb, probe);
}

static void
start_guessing (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscovery *self = run->self;

  source_begin (run, MAIL_DISCOVERY_SOURCE_GUESS);

  for (guint i = 0; i < G_N_ELEMENTS (guess_candidates); i++)
    {
      const GuessCandidate *candidate = &guess_candidates[i];
      guint16 port = self->guess_ports[candidate->protocol]
                       [candidate->security == MAIL_SECURITY_TLS ? 0 : 1];
      Probe *probe;

      if (port == 0)
        {
          run->guess_state[i] = GUESS_FAILED;
          continue;
        }

      run->guess_state[i] = GUESS_PENDING;
      probe = g_new0 (Probe, 1);
      probe->task = g_object_ref (task);
      probe->index = i;
      probe->host = g_strdup_printf ("%s.%s", candidate->prefix, run->domain);
      probe->port = port;
      g_resolver_lookup_by_name_async (self->resolver, probe->host,
                                       g_task_get_cancellable (task), probe_resolved_cb, probe);
    }

  guess_check (task);
}

/* Starting ----------------------------------------------------------------------------------- */

void
mail_discovery_run_async (MailDiscovery       *self,
                          const char          *email,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MailProvider *provider;
  Run *run;

  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->started = g_get_monotonic_time ();
  run->lookups = g_ptr_array_new_with_free_func (lookup_free);
  run->cancellable = g_cancellable_new ();

  /* The lookups use our cancellable, cancelled when the run ends or the caller cancels. */
  task = g_task_new (self, run->cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_discovery_run_async);
  g_task_set_task_data (task, run, run_free);
  g_task_set_check_cancellable (task, FALSE);

  if (!mail_email_validate (email, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run->email = g_strdup (email);
  /* Internationalized domains are looked up in their ASCII (punycode) form. */
  run->domain = g_hostname_to_ascii (mail_email_domain (email));
  if (run->domain != NULL)
    {
      char *lower = g_ascii_strdown (run->domain, -1);

      g_free (run->domain);
      run->domain = lower;
    }
  if (run->domain == NULL || !mail_host_is_valid (run->domain) ||
      g_hostname_is_ip_address (run->domain))
    {
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("The domain of “%s” is not valid."), email);
      return;
    }

  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                             g_object_ref (run->cancellable), g_object_unref);
    }

  /* 1. Provider files: known at once, and the most trusted. */
  provider = mail_provider_registry_lookup_domain (self->registry, run->domain);
  if (provider != NULL && source_enabled (run, MAIL_DISCOVERY_SOURCE_PROVIDER))
    {
      run->found[MAIL_DISCOVERY_SOURCE_PROVIDER] =
        mail_account_settings_new_from_provider (provider, email);
      run_log (run, MAIL_DISCOVERY_SOURCE_PROVIDER, run->domain, TRUE, provider->name);
      run_check (task);
      if (run->done)
        return;
    }

  /* One request may use half the budget: a server that never answers (like an HTTP server
   * spoken to in TLS) still leaves time for the fallbacks. */
  run->session = soup_session_new_with_options ("timeout", MAX (1u, self->deadline_ms / 2000),
                                                "user-agent", "mail-setup/" PACKAGE_VERSION,
                                                /* all lookups at once, even to one host */
                                                "max-conns-per-host", 8,
                                                NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (run->session, self->tls_database);

  run->deadline = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (run->deadline, deadline_cb, g_object_ref (task), g_object_unref);
  g_source_set_name (run->deadline, "[mail-setup] discovery deadline");
  g_source_attach (run->deadline, g_task_get_context (task));

  /* Held until every source has started, so an early answer cannot end the run half-built. */
  source_begin (run, MAIL_DISCOVERY_SOURCE_PROVIDER);

  /* 2. MX (and, through it, provider MXSuffixes and the MX domain's autoconfig). */
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER))
    {
      source_begin (run, MAIL_DISCOVERY_SOURCE_MX_PROVIDER);
      source_begin (run, MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG);
      source_begin (run, MAIL_DISCOVERY_SOURCE_MX_ISPDB);
      g_resolver_lookup_records_async (self->resolver, run->domain, G_RESOLVER_RECORD_MX,
                                       run->cancellable, mx_cb, g_object_ref (task));
    }

  /* 3. Autoconfig: the domain's own, .well-known, then the ISP database. */
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_AUTOCONFIG))
    {
      g_autofree char *url = expand_template (self->autoconfig_template, run->domain, FALSE);

      start_fetch (task, MAIL_DISCOVERY_SOURCE_AUTOCONFIG, url);
    }
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_WELL_KNOWN))
    {
      g_autofree char *url = expand_template (self->well_known_template, run->domain, FALSE);

      start_fetch (task, MAIL_DISCOVERY_SOURCE_WELL_KNOWN, url);
    }
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_ISPDB))
    {
      g_autofree char *url = expand_template (self->ispdb_base, run->domain, TRUE);

      start_fetch (task, MAIL_DISCOVERY_SOURCE_ISPDB, url);
    }

  /* 4. SRV records. */
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_SRV))
    {
      source_begin (run, MAIL_DISCOVERY_SOURCE_SRV);
      run->srv_remaining = G_N_ELEMENTS (srv_services);
      for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
        {
          SrvLookup *lookup = g_new0 (SrvLookup, 1);

          lookup->task = g_object_ref (task);
          lookup->index = i;
          g_resolver_lookup_service_async (self->resolver, srv_services[i], "tcp", run->domain,
                                           run->cancellable, srv_cb, lookup);
        }
    }

  /* 5. Guessing. */
  if (source_enabled (run, MAIL_DISCOVERY_SOURCE_GUESS))
    start_guessing (task);

  source_end (task, MAIL_DISCOVERY_SOURCE_PROVIDER, NULL);
}

MailAccountSettings *
mail_discovery_run_finish (MailDiscovery  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (MAIL_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mail_discovery_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject and setters ------------------------------------------------------------------------ */

static void
mail_discovery_finalize (GObject *object)
{
  MailDiscovery *self = MAIL_DISCOVERY (object);

  g_clear_object (&self->registry);
  g_free (self->autoconfig_template);
  g_free (self->well_known_template);
  g_free (self->ispdb_base);
  g_clear_object (&self->resolver);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->lookups, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_discovery_parent_class)->finalize (object);
}

static void
mail_discovery_class_init (MailDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mail_discovery_finalize;
}

static void
mail_discovery_init (MailDiscovery *self)
{
  self->autoconfig_template = g_strdup ("https://autoconfig.{domain}/mail/config-v1.1.xml");
  self->well_known_template =
    g_strdup ("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
  self->ispdb_base = g_strdup ("https://autoconfig.thunderbird.net/v1.1/");
  self->use_plain_http = TRUE;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
  self->resolver = g_resolver_get_default ();
  self->guess_ports[MAIL_PROTOCOL_IMAP][0] = 993;
  self->guess_ports[MAIL_PROTOCOL_IMAP][1] = 143;
  self->guess_ports[MAIL_PROTOCOL_SMTP][0] = 465;
  self->guess_ports[MAIL_PROTOCOL_SMTP][1] = 587;
  self->lookups = g_ptr_array_new_with_free_func (lookup_free);
}

MailDiscovery *
mail_discovery_new (MailProviderRegistry *registry)
{
  MailDiscovery *self;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (registry), NULL);

  self = g_object_new (MAIL_TYPE_DISCOVERY, NULL);
  self->registry = g_object_ref (registry);
  return self;
}

void
mail_discovery_set_autoconfig_template (MailDiscovery *self,
                                        const char    *url_template)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (url_template != NULL);

  g_free (self->autoconfig_template);
  self->autoconfig_template = g_strdup (url_template);
}

void
mail_discovery_set_well_known_template (MailDiscovery *self,
                                        const char    *url_template)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (url_template != NULL);

  g_free (self->well_known_template);
  self->well_known_template = g_strdup (url_template);
}

void
mail_discovery_set_ispdb_base (MailDiscovery *self,
                               const char    *base)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (base != NULL);

  g_free (self->ispdb_base);
  self->ispdb_base = g_strdup (base);
}

void
mail_discovery_set_autoconfig_base (MailDiscovery *self,
                                    const char    *base)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (base != NULL);

  trimmed = g_strdup (base);
  if (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  g_free (self->autoconfig_template);
  self->autoconfig_template = g_strconcat (trimmed, "/autoconfig.{domain}/mail/config-v1.1.xml",
                                           NULL);
  g_free (self->well_known_template);
  self->well_known_template = g_strconcat (trimmed,
                                           "/{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
                                           NULL);
}

void
mail_discovery_set_use_plain_http (MailDiscovery *self,
                                   gboolean       use_plain_http)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  self->use_plain_http = !!use_plain_http;
}

void
mail_discovery_set_deadline (MailDiscovery *self,
                             guint          deadline_ms)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  self->deadline_ms = deadline_ms > 0 ? deadline_ms : DEFAULT_DEADLINE_MS;
}

void
mail_discovery_set_resolver (MailDiscovery *self,
                             GResolver     *resolver)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_clear_object (&self->resolver);
  self->resolver = resolver != NULL ? g_object_ref (resolver) : g_resolver_get_default ();
}

void
mail_discovery_set_tls_database (MailDiscovery *self,
                                 GTlsDatabase  *database)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_set_object (&self->tls_database, database);
}

void
mail_discovery_set_guess_port (MailDiscovery *self,
                               MailProtocol   protocol,
                               MailSecurity   security,
                               guint16        port)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (protocol <= MAIL_PROTOCOL_SMTP);
  g_return_if_fail (security == MAIL_SECURITY_TLS || security == MAIL_SECURITY_STARTTLS);

  self->guess_ports[protocol][security == MAIL_SECURITY_TLS ? 0 : 1] = port;
}

void
mail_discovery_set_source_enabled (MailDiscovery       *self,
                                   MailDiscoverySource  source,
                                   gboolean             enabled)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (source < MAIL_DISCOVERY_N_SOURCES);

  self->disabled[source] = !enabled;
}

gboolean
mail_discovery_apply_test_environment (MailDiscovery  *self,
                                       GError        **error)
{
  g_return_val_if_fail (MAIL_IS_DISCOVERY (self), FALSE);

  /* Nothing at all unless built with -Dtest_hooks=true. */
  return mail_test_hooks_apply_to_discovery (self, error);
}

GPtrArray *
mail_discovery_get_lookups (MailDiscovery *self)
{
  g_return_val_if_fail (MAIL_IS_DISCOVERY (self), NULL);
  return self->lookups;
}
