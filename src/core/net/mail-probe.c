/* mail-probe.c: the live IMAP or SMTP connection test, step by step
 *
 * The coordinator: it keeps the settings, starts a check run (mail-check-run.h) on a
 * connection (mail-connection.h) with the protocol module of the server (mail-probe-imap.h,
 * mail-probe-smtp.h), emits the steps as signals, and on a failure that other settings may
 * fix looks for them on the same host (mail-server-alternatives.h) before it answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-check-run.h"
#include "mail-connection.h"
#include "mail-diagnosis.h"
#include "mail-probe.h"
#include "mail-probe-imap.h"
#include "mail-probe-smtp.h"

#define DEFAULT_STEP_MS     10000
#define DEFAULT_OVERALL_MS  30000

struct _MailProbe
{
  GObject            parent_instance;

  MailCheckSettings  settings;
  MailPortCandidate *alt_ports;     /* NULL: the standard ports */
  guint              n_alt_ports;
  GPtrArray         *alt_extra;     /* MailServer * */
};

G_DEFINE_FINAL_TYPE (MailProbe, mail_probe, G_TYPE_OBJECT)

enum {
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------------------------- */
/* The run's hooks (data: the task)                                                           */

static void
run_step_started (gpointer    data,
                  const char *name)
{
  g_signal_emit (g_task_get_source_object (data), signals[STEP_STARTED], 0, name);
}

static void
run_step_finished (gpointer       data,
                   MailCheckStep *step)
{
  g_signal_emit (g_task_get_source_object (data), signals[STEP_FINISHED], 0, step);
}

static void
run_completed (MailCheckRun    *run,
               MailCheckResult *result,
               gpointer         data)
{
  g_task_return_pointer (data, result, (GDestroyNotify) mail_check_result_free);
}

static void
return_cancelled (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The connection test was cancelled."));
}

static void
run_cancelled (MailCheckRun *run,
               gpointer      data)
{
  return_cancelled (data);
}

static void
alternatives_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailCheckRun *run = mail_connection_from_task (task)->run;
  g_autoptr(GError) error = NULL;
  MailServer *working = mail_server_find_working_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return_cancelled (task);
      return;
    }
  if (working != NULL)
    {
      run->result->suggestion = working;
      g_ptr_array_insert (run->result->diagnosis->fixes, 0,
                          g_strdup_printf (working->security == MAIL_SECURITY_TLS
                                           ? _("These settings work on this server: port %u "
                                               "with TLS. Use them and test again.")
                                           : _("These settings work on this server: port %u "
                                               "with STARTTLS. Use them and test again."),
                                           working->port));
    }
  mail_check_run_complete (run);
}

/* One candidate of the search: greeting and encryption, no credential (never sent to settings
 * the person did not choose). */
typedef struct
{
  const char   *email;
  GTlsDatabase *database;
  guint         step_ms;
  guint         overall_ms;
} TrySettings;

typedef struct
{
  MailServerWorksFunc done;
  gpointer            attempt;
} TryCall;

static void
try_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TryCall *call = user_data;
  g_autoptr(MailCheckResult) check = mail_probe_run_finish (MAIL_PROBE (source), result, NULL);

  call->done (check != NULL && check->ok, call->attempt);
  g_free (call);
}

static void
try_candidate (const MailServer    *candidate,
               GCancellable        *cancellable,
               MailServerWorksFunc  done,
               gpointer             attempt,
               gpointer             data)
{
  const TrySettings *settings = data;
  g_autoptr(MailProbe) probe = mail_probe_new (candidate, settings->email);
  TryCall *call = g_new0 (TryCall, 1);

  mail_probe_set_greeting_only (probe, TRUE);
  if (settings->database != NULL)
    mail_probe_set_tls_database (probe, settings->database);
  mail_probe_set_timeouts (probe, settings->step_ms, settings->overall_ms);
  call->done = done;
  call->attempt = attempt;
  mail_probe_run_async (probe, cancellable, try_done_cb, call);
}

/* A failure where other settings may work: look for them on the same host first (without
 * signing in), then complete. */
static void
run_failed (MailCheckRun *run,
            gpointer      data)
{
  GTask *task = data;
  MailProbe *probe = g_task_get_source_object (task);
  g_autoptr(GPtrArray) candidates = NULL;
  TrySettings try_settings;
  gint64 elapsed_ms = (g_get_monotonic_time () - run->start_time) / 1000;
  gint64 left_ms = (gint64) probe->settings.overall_ms - elapsed_ms;

  /* The search stays inside the check's overall time limit. */
  if (probe->settings.greeting_only || left_ms < 500
      || !mail_diagnosis_code_wants_alternatives (run->result->diagnosis->code,
                                                  run->result->diagnosis->stage))
    {
      mail_check_run_complete (run);
      return;
    }
  mail_check_run_stop (run);
  candidates = mail_server_alternatives (probe->settings.server, probe->alt_ports,
                                         probe->n_alt_ports, probe->alt_extra);
  if (candidates->len == 0)
    {
      mail_check_run_complete (run);
      return;
    }
  mail_transcript_add_client (run->transcript,
                              "(other connections) greeting and encryption on other ports, "
                              "without signing in");
  try_settings.email = probe->settings.email;
  try_settings.database = probe->settings.database;
  try_settings.step_ms = (guint) MIN (MIN (probe->settings.step_ms, 5000), left_ms);
  try_settings.overall_ms = (guint) left_ms;
  mail_server_find_working_async (candidates, try_candidate, &try_settings,
                                  run->caller_cancellable, alternatives_cb, g_object_ref (task));
}

static const MailCheckRunHooks run_hooks = {
  run_step_started,
  run_step_finished,
  run_failed,
  run_completed,
  run_cancelled,
};

/* ---------------------------------------------------------------------------------------- */
/* GObject                                                                                    */

static void
mail_probe_finalize (GObject *object)
{
  MailProbe *self = MAIL_PROBE (object);

  g_clear_pointer (&self->settings.server, mail_server_free);
  g_free (self->settings.email);
  g_clear_pointer (&self->settings.secret, mail_secret_free);
  g_strfreev (self->settings.mechanisms);
  g_free (self->settings.mailbox);
  g_free (self->settings.provider_id);
  g_clear_object (&self->settings.database);
  g_free (self->settings.trusted_fingerprint);
  g_free (self->alt_ports);
  g_clear_pointer (&self->alt_extra, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_probe_parent_class)->finalize (object);
}

static void
mail_probe_class_init (MailProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mail_probe_finalize;

  /**
   * MailProbe::step-started:
   * @name: the step name of cli.md ("resolve", "connect", ...)
   */
  signals[STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * MailProbe::step-finished:
   * @step: the finished #MailCheckStep (ok, ms, detail)
   */
  signals[STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  MAIL_TYPE_CHECK_STEP | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mail_probe_init (MailProbe *self)
{
  self->settings.step_ms = DEFAULT_STEP_MS;
  self->settings.overall_ms = DEFAULT_OVERALL_MS;
  self->settings.auth = MAIL_AUTH_NONE;
}

MailProbe *
mail_probe_new (const MailServer *server,
                const char       *email)
{
  MailProbe *self;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (server->host != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  self = g_object_new (MAIL_TYPE_PROBE, NULL);
  self->settings.server = mail_server_copy (server);
  if (self->settings.server->port == 0)
    self->settings.server->port = mail_default_port (server->protocol, server->security);
  self->settings.email = g_strdup (email);
  return self;
}

void
mail_probe_set_credential (MailProbe    *self,
                           MailAuthKind  auth,
                           const char   *secret)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->settings.auth = auth;
  g_clear_pointer (&self->settings.secret, mail_secret_free);
  self->settings.secret = g_strdup (secret);
}

void
mail_probe_set_mechanisms (MailProbe         *self,
                           const char *const *mechanisms)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_strfreev (self->settings.mechanisms);
  self->settings.mechanisms = NULL;
  if (mechanisms != NULL)
    {
      self->settings.mechanisms = g_new0 (char *, g_strv_length ((char **) mechanisms) + 1);
      for (guint i = 0; mechanisms[i] != NULL; i++)
        self->settings.mechanisms[i] = g_ascii_strup (mechanisms[i], -1);
    }
}

void
mail_probe_set_mailbox (MailProbe  *self,
                        const char *mailbox)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->settings.mailbox);
  self->settings.mailbox = g_strdup (mailbox);
}

void
mail_probe_set_provider_id (MailProbe  *self,
                            const char *provider_id)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->settings.provider_id);
  self->settings.provider_id = g_strdup (provider_id);
}

void
mail_probe_set_tls_database (MailProbe    *self,
                             GTlsDatabase *database)
{
  g_return_if_fail (MAIL_IS_PROBE (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  g_set_object (&self->settings.database, database);
}

void
mail_probe_set_trusted_fingerprint (MailProbe  *self,
                                    const char *sha256)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->settings.trusted_fingerprint);
  self->settings.trusted_fingerprint = g_strdup (sha256);
}

void
mail_probe_set_timeouts (MailProbe *self,
                         guint      step_ms,
                         guint      overall_ms)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->settings.step_ms = step_ms != 0 ? step_ms : DEFAULT_STEP_MS;
  self->settings.overall_ms = overall_ms != 0 ? overall_ms : DEFAULT_OVERALL_MS;
}

void
mail_probe_set_greeting_only (MailProbe *self,
                              gboolean   greeting_only)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->settings.greeting_only = greeting_only;
}

void
mail_probe_set_alternatives (MailProbe               *self,
                             const MailPortCandidate *ports,
                             guint                    n_ports,
                             GPtrArray               *extra)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_clear_pointer (&self->alt_ports, g_free);
  self->n_alt_ports = 0;
  if (ports != NULL)
    {
      self->alt_ports = g_memdup2 (ports, sizeof (MailPortCandidate) * n_ports);
      self->n_alt_ports = n_ports;
    }
  g_clear_pointer (&self->alt_extra, g_ptr_array_unref);
  if (extra != NULL)
    {
      self->alt_extra = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
      for (guint i = 0; i < extra->len; i++)
        g_ptr_array_add (self->alt_extra, mail_server_copy (g_ptr_array_index (extra, i)));
    }
}

void
mail_probe_run_async (MailProbe           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MailCheckRun *run;

  g_return_if_fail (MAIL_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_probe_run_async);
  /* Our own errors decide; GTask must not turn a late cancellation into its own error. */
  g_task_set_check_cancellable (task, FALSE);

  run = mail_check_run_new (G_OBJECT (self), &self->settings, cancellable, &run_hooks, task);
  mail_connection_start (task, run,
                         self->settings.server->protocol == MAIL_PROTOCOL_IMAP
                         ? &mail_probe_imap_protocol : &mail_probe_smtp_protocol);
}

MailCheckResult *
mail_probe_run_finish (MailProbe     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (MAIL_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mail_probe_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
