/* mail-check-run.c: one check's bookkeeping: steps and their timers, the overall time limit,
 * the transcript, and the result with the diagnosis of a failure
 *
 * Each step is timed and bounded by the step timeout, the whole run by the overall timeout;
 * both cancel the run's own GCancellable, so nothing can hang on a silent server. Every line
 * sent and received goes to the transcript, with credentials replaced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-check-run.h"
#include "mail-diagnosis.h"

static gboolean step_timeout_cb (gpointer user_data);

static void
source_clear (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

static gboolean
overall_timeout_cb (gpointer user_data)
{
  MailCheckRun *run = user_data;

  run->timed_out = TRUE;
  run->timeout_ms = run->settings->overall_ms;
  g_cancellable_cancel (run->cancellable);
  g_clear_pointer (&run->overall_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

MailCheckRun *
mail_check_run_new (GObject                 *owner,
                    const MailCheckSettings *settings,
                    GCancellable            *caller_cancellable,
                    const MailCheckRunHooks *hooks,
                    gpointer                 hooks_data)
{
  MailCheckRun *run = g_new0 (MailCheckRun, 1);

  run->owner = g_object_ref (owner);
  run->settings = settings;
  run->hooks = hooks;
  run->hooks_data = hooks_data;
  run->context = g_main_context_ref_thread_default ();
  run->start_time = g_get_monotonic_time ();
  run->cancellable = g_cancellable_new ();
  run->transcript = mail_transcript_new ();
  run->result = mail_check_result_new (settings->server->protocol);
  run->result->host = g_strdup (settings->server->host);
  run->result->port = settings->server->port;
  run->result->security = settings->server->security;
  run->result->auth = settings->auth;

  if (caller_cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (caller_cancellable);
      run->caller_handler = g_cancellable_connect (caller_cancellable,
                                                   G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (run->cancellable),
                                                   g_object_unref);
    }

  run->overall_timer = g_timeout_source_new (settings->overall_ms);
  g_source_set_callback (run->overall_timer, overall_timeout_cb, run, NULL);
  g_source_attach (run->overall_timer, run->context);
  return run;
}

void
mail_check_run_free (MailCheckRun *run)
{
  if (run->caller_cancellable != NULL && run->caller_handler != 0)
    g_cancellable_disconnect (run->caller_cancellable, run->caller_handler);
  g_clear_object (&run->caller_cancellable);
  source_clear (&run->step_timer);
  source_clear (&run->overall_timer);
  g_clear_object (&run->cancellable);
  g_free (run->first_fix);
  g_free (run->greeting);
  g_clear_pointer (&run->result, mail_check_result_free);
  g_clear_pointer (&run->transcript, mail_transcript_free);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_object (&run->owner);
  g_free (run);
}

void
mail_check_run_set_transport (MailCheckRun                *run,
                              const MailCheckRunTransport *transport,
                              gpointer                     data)
{
  run->transport = transport;
  run->transport_data = data;
}

void
mail_check_run_arm_step_timer (MailCheckRun *run,
                               guint         ms)
{
  source_clear (&run->step_timer);
  run->step_timer = g_timeout_source_new (ms);
  g_source_set_callback (run->step_timer, step_timeout_cb, run, NULL);
  g_source_attach (run->step_timer, run->context);
}

static gboolean
step_timeout_cb (gpointer user_data)
{
  MailCheckRun *run = user_data;

  g_clear_pointer (&run->step_timer, g_source_unref);
  if (run->transport != NULL && run->transport->step_timed_out (run->transport_data))
    return G_SOURCE_REMOVE;
  run->timed_out = TRUE;
  run->timeout_ms = run->settings->step_ms;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

void
mail_check_run_step_begin (MailCheckRun *run,
                           const char   *name)
{
  run->step = name;
  run->step_open = TRUE;
  run->step_start = g_get_monotonic_time ();
  mail_check_run_arm_step_timer (run, run->settings->step_ms);
  run->hooks->step_started (run->hooks_data, name);
}

void
mail_check_run_step_end (MailCheckRun *run,
                         gboolean      ok,
                         const char   *detail)
{
  MailCheckStep *step;
  double ms = (double) (g_get_monotonic_time () - run->step_start) / 1000.0;

  source_clear (&run->step_timer);
  run->step_open = FALSE;
  if (run->transport != NULL)
    run->transport->step_ended (run->transport_data, run->step);

  step = mail_check_step_new (run->step, ok, ms, detail);
  g_ptr_array_add (run->result->steps, step);
  run->hooks->step_finished (run->hooks_data, step);
}

void
mail_check_run_stop (MailCheckRun *run)
{
  run->done = TRUE;
  source_clear (&run->step_timer);
  source_clear (&run->overall_timer);
  if (run->transport != NULL)
    run->transport->stopped (run->transport_data);
  g_cancellable_cancel (run->cancellable);
}

void
mail_check_run_complete (MailCheckRun *run)
{
  MailCheckResult *result;

  mail_check_run_stop (run);
  g_ptr_array_unref (run->result->transcript);
  run->result->transcript = mail_transcript_dup_lines (run->transcript);
  result = g_steal_pointer (&run->result);
  run->hooks->completed (run, result, run->hooks_data);
}

void
mail_check_run_succeed (MailCheckRun *run)
{
  run->result->ok = TRUE;
  mail_check_run_complete (run);
}

void
mail_check_run_set_first_fix (MailCheckRun *run,
                              char         *fix)
{
  g_free (run->first_fix);
  run->first_fix = fix;
}

void
mail_check_run_set_mechanism (MailCheckRun *run,
                              const char   *name)
{
  g_free (run->result->mechanism);
  run->result->mechanism = g_strdup (name);
}

void
mail_check_run_fail_full (MailCheckRun      *run,
                          const GError      *error,
                          const char *const *lines,
                          const char        *code)
{
  const MailCheckSettings *settings = run->settings;
  MailDiagnosisContext context = { 0 };
  MailDiagnosis *diagnosis;
  g_autoptr(GPtrArray) safe_lines = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autofree char *greeting = mail_transcript_redact (run->transcript, run->greeting);

  if (run->done)
    return;
  if (run->step_open)
    mail_check_run_step_end (run, FALSE, NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    g_ptr_array_add (safe_lines, mail_transcript_redact (run->transcript, lines[i]));

  context.protocol = mail_protocol_to_string (settings->server->protocol);
  context.stage = run->step != NULL ? run->step : "connect";
  context.provider_id = settings->provider_id;
  context.email = settings->email;
  context.host = settings->server->host;
  context.port = settings->server->port;
  context.auth = settings->auth;
  context.lines = safe_lines->len > 0 ? (const char *const *) safe_lines->pdata : NULL;
  context.greeting = greeting;
  context.error = error;
  if (error != NULL && error->domain == G_TLS_ERROR)
    context.certificate = run->result->certificate;

  if (code != NULL)
    diagnosis = mail_diagnosis_new_for_code (code, &context);
  else
    diagnosis = mail_diagnose (&context);
  if (diagnosis->server_text != NULL)
    {
      char *safe = mail_transcript_redact (run->transcript, diagnosis->server_text);

      g_free (diagnosis->server_text);
      diagnosis->server_text = safe;
    }
  if (diagnosis->certificate == NULL && context.certificate != NULL)
    diagnosis->certificate = mail_certificate_info_copy (context.certificate);
  if (run->first_fix != NULL)
    g_ptr_array_insert (diagnosis->fixes, 0, g_steal_pointer (&run->first_fix));
  run->result->diagnosis = diagnosis;
  run->result->ok = FALSE;
  run->hooks->failed (run, run->hooks_data);
}

void
mail_check_run_fail (MailCheckRun *run,
                     const GError *error)
{
  mail_check_run_fail_full (run, error, NULL, NULL);
}

void
mail_check_run_fail_literal (MailCheckRun *run,
                             MailError     code,
                             const char   *message)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, code, message);

  mail_check_run_fail (run, error);
}

void
mail_check_run_fail_starttls (MailCheckRun      *run,
                              const char *const *lines,
                              const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_STARTTLS_UNAVAILABLE,
                                                 message);

  mail_check_run_fail_full (run, error, lines, "starttls-unavailable");
}

void
mail_check_run_fail_server (MailCheckRun      *run,
                            const char *const *lines)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                                                 _("The server refused the request."));

  mail_check_run_fail_full (run, error, lines, NULL);
}

void
mail_check_run_fail_not_mail_server (MailCheckRun *run)
{
  mail_check_run_fail_literal (run, MAIL_ERROR_NOT_MAIL_SERVER,
                               run->settings->server->protocol == MAIL_PROTOCOL_IMAP
                               ? _("What answered on this port is not an IMAP server.")
                               : _("What answered on this port is not an SMTP server."));
}

void
mail_check_run_handle_error (MailCheckRun *run,
                             const GError *error)
{
  if (run->done)
    return;
  if (run->caller_cancellable != NULL && g_cancellable_is_cancelled (run->caller_cancellable))
    {
      mail_check_run_stop (run);
      run->hooks->cancelled (run, run->hooks_data);
      return;
    }
  if (run->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_autoptr(GError) timeout = NULL;
      guint ms = run->timeout_ms != 0 ? run->timeout_ms : run->settings->step_ms;
      guint seconds = (ms + 999) / 1000;
      const char *step = run->step != NULL ? run->step : "connect";
      const char *code;

      timeout = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The server did not answer within %u second.",
                                          "The server did not answer within %u seconds.",
                                          seconds),
                             seconds);
      /* A timeout is named as one, with the step that waited: connect-timeout only when no
       * connection was made, server-timeout when the server stopped answering later on. */
      if (g_str_equal (step, "connect"))
        code = "connect-timeout";
      else if (g_str_equal (step, "resolve"))
        code = "dns-failed";
      else
        code = "server-timeout";
      mail_check_run_fail_full (run, timeout, NULL, code);
      return;
    }
  mail_check_run_fail (run, error);
}
