/* mail-discovery.c: finds IMAP and SMTP settings from an email address: the runner
 *
 * Every source of the table (mail-discovery-source.h) starts at once; each answer is kept under
 * its source's trust rank. For each protocol the answer is settled as soon as some source has
 * one and every more trusted source has finished, so the result comes after roughly the slowest
 * *needed* lookup, not the sum of all of them. Then the slower lookups are cancelled. One
 * deadline bounds the whole run. The runner decides trust; the sources only find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-diagnosis-error.h"
#include "mail-discovery.h"
#include "mail-discovery-source.h"
#include "mail-test-hooks.h"

#define DEFAULT_DEADLINE_MS 10000

G_DEFINE_QUARK (mail-discovery-error-quark, mail_discovery_error)

struct _MailDiscovery
{
  GObject              parent_instance;

  MailDiscoveryConfig  config;
  GPtrArray           *lookups;            /* of the last finished run */
};

G_DEFINE_FINAL_TYPE (MailDiscovery, mail_discovery, G_TYPE_OBJECT)

/* The sources, in the order they start. */
static const MailDiscoverySourceClass *const sources[] = {
  &mail_discovery_provider_source,
  &mail_discovery_autoconfig_source,
  &mail_discovery_srv_source,
  &mail_discovery_guess_source,
  &mail_discovery_plain_http_source,
};

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
  MailDiscoveryRun      pub;             /* what the sources see: first, so the task data is it */
  MailDiscovery        *self;
  char                 *email;
  char                 *domain;
  GCancellable         *cancellable;     /* ours: cancelled when the run ends */
  GCancellable         *outer;
  gulong                outer_id;
  GSource              *deadline;
  gint64                started;
  gboolean              timed_out;

  guint                 pending[MAIL_DISCOVERY_N_SOURCES];
  MailAccountSettings  *found[MAIL_DISCOVERY_N_SOURCES];
  gboolean              last_resort_started;

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
  g_clear_object (&run->pub.session);
  g_free (run->pub.mx_host);
  g_free (run->pub.mx_record);
  g_free (run->pub.mx_base);
  g_free (run->email);
  g_free (run->domain);
  for (guint i = 0; i < MAIL_DISCOVERY_N_SOURCES; i++)
    g_clear_pointer (&run->found[i], mail_account_settings_free);
  g_clear_pointer (&run->lookups, g_ptr_array_unref);
  g_clear_object (&run->self);
  g_free (run);
}

static void run_check (GTask *task);

static void
run_log (MailDiscoveryRun    *pub,
         MailDiscoverySource  source,
         const char          *query,
         gboolean             found,
         const char          *outcome)
{
  Run *run = (Run *) pub;
  MailDiscoveryLookup *lookup;

  if (run->pub.done)
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

static void
run_begin (MailDiscoveryRun    *pub,
           MailDiscoverySource  source)
{
  Run *run = (Run *) pub;

  run->pending[source]++;
}

/* Takes settings (may be NULL: this lookup found nothing). */
static void
run_end (MailDiscoveryRun    *pub,
         MailDiscoverySource  source,
         MailAccountSettings *settings)
{
  Run *run = (Run *) pub;

  g_assert (run->pending[source] > 0);
  run->pending[source]--;

  /* The trust boundary: whatever a source found (SRV targets, autoconfig, guesses) passes the
   * same checks as every other value from outside, or is not used. */
  if (settings != NULL && !run->pub.done)
    {
      g_autoptr(GError) error = NULL;

      if (!mail_account_settings_validate (settings, &error))
        {
          run_log (pub, source, run->domain, FALSE, error->message);
          g_clear_pointer (&settings, mail_account_settings_free);
        }
    }

  if (settings != NULL && !run->pub.done)
    {
      MailAccountSettings *kept = run->found[source];

      /* Two lookups of one rank: the first keeps its place, the second fills gaps. */
      if (kept == NULL)
        run->found[source] = g_steal_pointer (&settings);
      else if (kept->smtp == NULL && settings->smtp != NULL)
        kept->smtp = g_steal_pointer (&settings->smtp);
    }
  g_clear_pointer (&settings, mail_account_settings_free);

  run_check (run->pub.task);
}

static const MailDiscoveryRunCallbacks run_callbacks = {
  .begin = run_begin,
  .end = run_end,
  .log = run_log,
};

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
  const char *domain = run->pub.domain;
  gboolean in_domain = mail_discovery_host_in_domain (server->host, domain);
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
                                run->pub.mx_host);
      break;
    case MAIL_DISCOVERY_SOURCE_AUTOCONFIG:
    case MAIL_DISCOVERY_SOURCE_WELL_KNOWN:
      known = in_domain ? NULL
                        : mail_provider_registry_lookup_host (run->self->config.registry,
                                                              server->host);
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
                                run->pub.mx_base);
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

/* Nothing found: the diagnosis "settings-not-found", over MAIL_DISCOVERY_ERROR_NOT_FOUND. */
static GError *
not_found_error (Run *run)
{
  MailDiagnosisContext context = {
    .protocol = "discovery", .stage = "resolve", .email = run->email, .host = run->domain,
  };
  g_autoptr(GError) cause = NULL;
  MailDiagnosis *diagnosis;

  if (run->timed_out)
    cause = g_error_new (MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND,
                         _("No settings for %s were found within %u seconds. Enter the settings "
                           "yourself: your provider's help pages list the IMAP and SMTP server "
                           "names."),
                         run->domain, (run->self->config.deadline_ms + 999) / 1000);
  else
    cause = g_error_new (MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND,
                         _("No settings for %s were found. Enter the settings yourself: your "
                           "provider's help pages list the IMAP and SMTP server names."),
                         run->domain);

  diagnosis = mail_diagnosis_new_for_code ("settings-not-found", &context);
  /* The words for this run: the domain, and the time limit when it ran out. */
  g_free (diagnosis->explanation);
  diagnosis->explanation = g_strdup (cause->message);
  return mail_diagnosis_error_new (diagnosis, cause);
}

static void
run_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscovery *self = run->self;
  MailDiscoverySource imap_source, smtp_source;
  g_autoptr(MailAccountSettings) result = NULL;

  g_assert (!run->pub.done);
  run->pub.done = TRUE;

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
      g_task_return_error (task, not_found_error (run));
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
                                      (self->config.deadline_ms + 999) / 1000));
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

static void
run_check (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MailDiscoverySource imap_source, smtp_source;

  if (run->pub.done)
    return;

  if (run->outer != NULL && g_cancellable_is_cancelled (run->outer))
    {
      run_finish (task);
      return;
    }

  if (!run_decide (run, MAIL_PROTOCOL_IMAP, FALSE, &imap_source) ||
      !run_decide (run, MAIL_PROTOCOL_SMTP, FALSE, &smtp_source))
    return;

  /* The last resort only when everything else is done and something is still missing. */
  if ((imap_source == MAIL_DISCOVERY_N_SOURCES || smtp_source == MAIL_DISCOVERY_N_SOURCES) &&
      !run->last_resort_started)
    {
      /* Keeps the run alive while the last-resort sources start. */
      g_autoptr(GTask) hold = g_object_ref (task);

      (void) hold;
      run->last_resort_started = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (sources) && !run->pub.done; i++)
        if (sources[i]->last_resort)
          sources[i]->start (&run->pub);
      run_check (task);
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

  run->pub.callbacks = &run_callbacks;
  run->pub.config = &self->config;
  run->pub.task = task;
  run->pub.email = run->email;
  run->pub.domain = run->domain;
  run->pub.cancellable = run->cancellable;

  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                             g_object_ref (run->cancellable), g_object_unref);
    }

  run->deadline = g_timeout_source_new (self->config.deadline_ms);
  g_source_set_callback (run->deadline, deadline_cb, g_object_ref (task), g_object_unref);
  g_source_set_name (run->deadline, "[mail-setup] discovery deadline");
  g_source_attach (run->deadline, g_task_get_context (task));

  /* Held (as the most trusted rank) until every source has started, so an early answer
   * cannot end the run half-built; a complete answer of the most trusted rank (a provider
   * file) still ends it at once, and the later sources are not started. */
  run_begin (&run->pub, MAIL_DISCOVERY_SOURCE_PROVIDER);
  for (guint i = 0; i < G_N_ELEMENTS (sources) && !run->pub.done; i++)
    if (!sources[i]->last_resort)
      sources[i]->start (&run->pub);
  run_end (&run->pub, MAIL_DISCOVERY_SOURCE_PROVIDER, NULL);
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

  g_clear_object (&self->config.registry);
  g_free (self->config.autoconfig_template);
  g_free (self->config.well_known_template);
  g_free (self->config.ispdb_base);
  g_clear_object (&self->config.resolver);
  g_clear_object (&self->config.tls_database);
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
  self->config.autoconfig_template = g_strdup ("https://autoconfig.{domain}/mail/config-v1.1.xml");
  self->config.well_known_template =
    g_strdup ("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
  self->config.ispdb_base = g_strdup ("https://autoconfig.thunderbird.net/v1.1/");
  self->config.use_plain_http = TRUE;
  self->config.deadline_ms = DEFAULT_DEADLINE_MS;
  self->config.resolver = g_resolver_get_default ();
  self->config.guess_ports[MAIL_PROTOCOL_IMAP][0] = 993;
  self->config.guess_ports[MAIL_PROTOCOL_IMAP][1] = 143;
  self->config.guess_ports[MAIL_PROTOCOL_SMTP][0] = 465;
  self->config.guess_ports[MAIL_PROTOCOL_SMTP][1] = 587;
  self->lookups = g_ptr_array_new_with_free_func (lookup_free);
}

MailDiscovery *
mail_discovery_new (MailProviderRegistry *registry)
{
  MailDiscovery *self;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (registry), NULL);

  self = g_object_new (MAIL_TYPE_DISCOVERY, NULL);
  self->config.registry = g_object_ref (registry);
  return self;
}

void
mail_discovery_set_autoconfig_template (MailDiscovery *self,
                                        const char    *url_template)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (url_template != NULL);

  g_free (self->config.autoconfig_template);
  self->config.autoconfig_template = g_strdup (url_template);
}

void
mail_discovery_set_well_known_template (MailDiscovery *self,
                                        const char    *url_template)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (url_template != NULL);

  g_free (self->config.well_known_template);
  self->config.well_known_template = g_strdup (url_template);
}

void
mail_discovery_set_ispdb_base (MailDiscovery *self,
                               const char    *base)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (base != NULL);

  g_free (self->config.ispdb_base);
  self->config.ispdb_base = g_strdup (base);
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

  g_free (self->config.autoconfig_template);
  self->config.autoconfig_template =
    g_strconcat (trimmed, "/autoconfig.{domain}/mail/config-v1.1.xml", NULL);
  g_free (self->config.well_known_template);
  self->config.well_known_template =
    g_strconcat (trimmed, "/{domain}/.well-known/autoconfig/mail/config-v1.1.xml", NULL);
}

void
mail_discovery_set_use_plain_http (MailDiscovery *self,
                                   gboolean       use_plain_http)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  self->config.use_plain_http = !!use_plain_http;
}

void
mail_discovery_set_deadline (MailDiscovery *self,
                             guint          deadline_ms)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  self->config.deadline_ms = deadline_ms > 0 ? deadline_ms : DEFAULT_DEADLINE_MS;
}

void
mail_discovery_set_resolver (MailDiscovery *self,
                             GResolver     *resolver)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_clear_object (&self->config.resolver);
  self->config.resolver = resolver != NULL ? g_object_ref (resolver) : g_resolver_get_default ();
}

void
mail_discovery_set_tls_database (MailDiscovery *self,
                                 GTlsDatabase  *database)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_set_object (&self->config.tls_database, database);
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

  self->config.guess_ports[protocol][security == MAIL_SECURITY_TLS ? 0 : 1] = port;
}

void
mail_discovery_set_source_enabled (MailDiscovery       *self,
                                   MailDiscoverySource  source,
                                   gboolean             enabled)
{
  g_return_if_fail (MAIL_IS_DISCOVERY (self));
  g_return_if_fail (source < MAIL_DISCOVERY_N_SOURCES);

  self->config.disabled[source] = !enabled;
}

gboolean
mail_discovery_apply_test_environment (MailDiscovery  *self,
                                       GError        **error)
{
  gboolean resolver_replaced;
  const char *autoconfig_base;
  const char *ispdb_base;

  g_return_val_if_fail (MAIL_IS_DISCOVERY (self), FALSE);

  /* Nothing at all unless built with -Dtest_hooks=true. */
  if (!mail_test_hooks_get_discovery_redirects (&resolver_replaced, &autoconfig_base,
                                                &ispdb_base, error))
    return FALSE;
  if (resolver_replaced)
    mail_discovery_set_resolver (self, NULL);
  if (autoconfig_base != NULL)
    mail_discovery_set_autoconfig_base (self, autoconfig_base);
  if (ispdb_base != NULL)
    mail_discovery_set_ispdb_base (self, ispdb_base);
  return TRUE;
}

GPtrArray *
mail_discovery_get_lookups (MailDiscovery *self)
{
  g_return_val_if_fail (MAIL_IS_DISCOVERY (self), NULL);
  return self->lookups;
}
