/* mail-probe.c: the live IMAP or SMTP connection test, step by step
 *
 * One run is a chain of asynchronous GIO calls: resolve, connect, TLS, then the protocol's
 * commands (mail-probe-imap.c, mail-probe-smtp.c). Each step is timed and bounded by the step
 * timeout, the whole run by the overall timeout; both cancel the run's own GCancellable, so
 * nothing can hang on a silent server. Every line sent and received goes to the transcript,
 * with credentials replaced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-connect.h"
#include "mail-diagnosis.h"
#include "mail-port-sniff.h"
#include "mail-probe-private.h"

G_DEFINE_FINAL_TYPE (MailProbe, mail_probe, G_TYPE_OBJECT)

enum {
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void look_stop (Run *run);
static void run_complete_failure (Run *run);




/* ---------------------------------------------------------------------------------------- */
/* Run bookkeeping                                                                            */

static void
run_free (Run *run)
{
  if (run->caller_cancellable != NULL && run->caller_handler != 0)
    g_cancellable_disconnect (run->caller_cancellable, run->caller_handler);
  g_clear_object (&run->caller_cancellable);
  if (run->step_timer != NULL)
    g_source_destroy (run->step_timer);
  g_clear_pointer (&run->step_timer, g_source_unref);
  if (run->overall_timer != NULL)
    g_source_destroy (run->overall_timer);
  g_clear_pointer (&run->overall_timer, g_source_unref);
  if (run->stream != NULL && !g_io_stream_is_closed (run->stream))
    g_io_stream_close_async (run->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&run->stream);
  g_clear_object (&run->connection);
  g_clear_object (&run->cancellable);
  look_stop (run);
  g_clear_error (&run->tls_error);
  g_free (run->first_fix);
  g_clear_pointer (&run->result, mail_check_result_free);
  g_clear_pointer (&run->transcript, mail_transcript_free);
  g_list_free_full (run->addresses, g_object_unref);
  g_clear_error (&run->connect_error);
  g_clear_object (&run->peer_certificate);
  g_clear_pointer (&run->input, g_byte_array_unref);
  if (run->output != NULL)
    mail_secret_free (run->output);
  g_free (run->greeting);
  g_free (run->tls_detail);
  g_free (run->tag);
  g_clear_pointer (&run->untagged, g_ptr_array_unref);
  g_strfreev (run->capabilities);
  g_clear_pointer (&run->pending, g_ptr_array_unref);
  g_clear_pointer (&run->ehlo, mail_smtp_reply_free);
  g_clear_pointer (&run->reply, mail_smtp_reply_free);
  g_clear_object (&run->probe);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

static gboolean
step_timeout_cb (gpointer user_data);

static void
arm_step_timer (Run   *run,
                guint  ms)
{
  if (run->step_timer != NULL)
    g_source_destroy (run->step_timer);
  g_clear_pointer (&run->step_timer, g_source_unref);
  run->step_timer = g_timeout_source_new (ms);
  g_source_set_callback (run->step_timer, step_timeout_cb, run, NULL);
  g_source_attach (run->step_timer, run->context);
}

void
mail_probe_step_begin (Run        *run,
            const char *name)
{
  run->step = name;
  run->step_open = TRUE;
  run->step_start = g_get_monotonic_time ();
  arm_step_timer (run, run->probe->step_ms);
  g_signal_emit (run->probe, signals[STEP_STARTED], 0, name);
}

void
mail_probe_step_end (Run        *run,
          gboolean    ok,
          const char *detail)
{
  MailCheckStep *step;
  double ms = (double) (g_get_monotonic_time () - run->step_start) / 1000.0;

  if (run->step_timer != NULL)
    g_source_destroy (run->step_timer);
  g_clear_pointer (&run->step_timer, g_source_unref);
  run->step_open = FALSE;
  if (g_strcmp0 (run->step, "greeting") == 0 || g_strcmp0 (run->step, "tls") == 0)
    look_stop (run);

  step = mail_check_step_new (run->step, ok, ms, detail);
  g_ptr_array_add (run->result->steps, step);
  g_signal_emit (run->probe, signals[STEP_FINISHED], 0, step);
}

/* Stops timers and pending calls (their callbacks see done and return). */
static void
run_stop (Run *run)
{
  run->done = TRUE;
  if (run->step_timer != NULL)
    g_source_destroy (run->step_timer);
  g_clear_pointer (&run->step_timer, g_source_unref);
  if (run->overall_timer != NULL)
    g_source_destroy (run->overall_timer);
  g_clear_pointer (&run->overall_timer, g_source_unref);
  look_stop (run);
  g_cancellable_cancel (run->cancellable);
}

static void
run_complete (Run *run)
{
  MailCheckResult *result;

  run_stop (run);
  g_ptr_array_unref (run->result->transcript);
  run->result->transcript = mail_transcript_dup_lines (run->transcript);
  result = g_steal_pointer (&run->result);
  g_task_return_pointer (run->task, result, (GDestroyNotify) mail_check_result_free);
}

static void
alternatives_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  MailServer *working = mail_server_find_working_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (run->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection test was cancelled."));
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
  run_complete (run);
}

/* A failure where other settings may work: look for them on the same host first (without
 * signing in), then complete. */
static void
run_complete_failure (Run *run)
{
  MailProbe *probe = run->probe;
  g_autoptr(GPtrArray) candidates = NULL;
  gint64 elapsed_ms = (g_get_monotonic_time () - run->start_time) / 1000;
  gint64 left_ms = (gint64) probe->overall_ms - elapsed_ms;

  /* The search stays inside the check's overall time limit. */
  if (probe->greeting_only || left_ms < 500
      || !mail_diagnosis_code_wants_alternatives (run->result->diagnosis->code,
                                                  run->result->diagnosis->stage))
    {
      run_complete (run);
      return;
    }
  run_stop (run);
  candidates = mail_server_alternatives (probe->server, probe->alt_ports, probe->n_alt_ports,
                                         probe->alt_extra);
  if (candidates->len == 0)
    {
      run_complete (run);
      return;
    }
  mail_transcript_add_client (run->transcript,
                              "(other connections) greeting and encryption on other ports, "
                              "without signing in");
  mail_server_find_working_async (candidates, probe->email, probe->database,
                                  (guint) MIN (MIN (probe->step_ms, 5000), left_ms),
                                  (guint) left_ms, run->caller_cancellable,
                                  alternatives_cb, g_object_ref (run->task));
}

void
mail_probe_run_succeed (Run *run)
{
  /* The last guard: no check passes without the encryption that was asked for. */
  if (run->probe->server->security != MAIL_SECURITY_NONE && !G_IS_TLS_CONNECTION (run->stream))
    {
      mail_probe_run_fail_starttls (run, NULL,
                                    _("The check reached its end without encryption, so the "
                                      "server skipped encryption."));
      return;
    }
  run->result->ok = TRUE;
  run_complete (run);
}

static gboolean
host_is_this_computer (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return g_inet_address_get_is_loopback (address);
  return g_ascii_strcasecmp (host, "localhost") == 0;
}

gboolean
mail_probe_run_may_send_credential (Run *run)
{
  /* Only a server the person named: a discovered "localhost" is no reason to send a secret
   * in clear text (whatever answered DNS chose it). */
  if (G_IS_TLS_CONNECTION (run->stream) ||
      (run->probe->server->given && host_is_this_computer (run->probe->server->host)))
    return TRUE;

  mail_probe_run_fail_full (run, NULL, NULL, "auth-unencrypted");
  return FALSE;
}

/* Ends the run with a diagnosis for error at the current step. lines: the server's words. */
void
mail_probe_run_fail_full (Run                *run,
               const GError       *error,
               const char *const  *lines,
               const char         *code)
{
  MailProbe *probe = run->probe;
  MailDiagnosisContext context = { 0 };
  MailDiagnosis *diagnosis;
  g_autoptr(GPtrArray) safe_lines = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autofree char *greeting = mail_transcript_redact (run->transcript, run->greeting);

  if (run->done)
    return;
  if (run->step_open)
    mail_probe_step_end (run, FALSE, NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    g_ptr_array_add (safe_lines, mail_transcript_redact (run->transcript, lines[i]));

  context.protocol = mail_protocol_to_string (probe->server->protocol);
  context.stage = run->step != NULL ? run->step : "connect";
  context.provider_id = probe->provider_id;
  context.email = probe->email;
  context.host = probe->server->host;
  context.port = probe->server->port;
  context.auth = probe->auth;
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
  run_complete_failure (run);
}

void
mail_probe_run_fail (Run          *run,
          const GError *error)
{
  mail_probe_run_fail_full (run, error, NULL, NULL);
}

void
mail_probe_run_fail_literal (Run        *run,
                  MailError   code,
                  const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, code, message);

  mail_probe_run_fail (run, error);
}

void
mail_probe_run_fail_starttls (Run               *run,
                              const char *const *lines,
                              const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_STARTTLS_UNAVAILABLE,
                                                 message);

  mail_probe_run_fail_full (run, error, lines, "starttls-unavailable");
}

void
mail_probe_run_fail_server (Run               *run,
                 const char *const *lines)
{
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED,
                                                 _("The server refused the request."));

  mail_probe_run_fail_full (run, error, lines, NULL);
}

/* An asynchronous call failed (error may be NULL after a timeout): tell cancellation by the
 * caller, a timeout and real errors apart, and end the run. */
static void
run_handle_error (Run    *run,
                  GError *error)
{
  if (run->done)
    return;
  if (run->caller_cancellable != NULL && g_cancellable_is_cancelled (run->caller_cancellable))
    {
      run_stop (run);
      g_task_return_new_error (run->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection test was cancelled."));
      return;
    }
  if (run->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_autoptr(GError) timeout = NULL;
      guint ms = run->timeout_ms != 0 ? run->timeout_ms : run->probe->step_ms;
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
      mail_probe_run_fail_full (run, timeout, NULL, code);
      return;
    }
  mail_probe_run_fail (run, error);
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
  Run *run = user_data;

  run->timed_out = TRUE;
  run->timeout_ms = run->probe->overall_ms;
  g_cancellable_cancel (run->cancellable);
  g_clear_pointer (&run->overall_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------------------------- */
/* Reading and writing                                                                        */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (run->done)
    return;
  if (n < 0)
    {
      run_handle_error (run, error);
      return;
    }
  if (n == 0)
    {
      if (run->on_eof != NULL)
        {
          run->on_eof (run);
          return;
        }
      mail_probe_run_fail_literal (run, MAIL_ERROR_CLOSED, _("The server closed the connection."));
      return;
    }
  g_byte_array_append (run->input, run->chunk, (guint) n);
  run->on_input (run);
}

/* Reads more bytes, then calls on_input (or on_eof at the end of the stream). */
void
mail_probe_run_read (Run     *run,
          RunFunc  on_input)
{
  run->on_input = on_input;
  g_input_stream_read_async (g_io_stream_get_input_stream (run->stream), run->chunk,
                             sizeof run->chunk, G_PRIORITY_DEFAULT, run->cancellable,
                             read_cb, g_object_ref (run->task));
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (run->output != NULL)
    {
      explicit_bzero (run->output, run->output_len);
      g_clear_pointer (&run->output, g_free);
    }
  if (run->done)
    return;
  if (error != NULL)
    {
      run_handle_error (run, error);
      return;
    }
  run->after_write (run);
}

/* Sends line + CRLF; line may be a secret (wiped after). The caller wrote the transcript. */
void
mail_probe_run_send (Run        *run,
          const char *line,
          RunFunc     after_write)
{
  g_assert (run->output == NULL);

  run->output = g_strconcat (line, "\r\n", NULL);
  run->output_len = strlen (run->output);
  run->after_write = after_write;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (run->stream), run->output,
                                   run->output_len, G_PRIORITY_DEFAULT, run->cancellable,
                                   write_cb, g_object_ref (run->task));
}

void
mail_probe_run_consume (Run   *run,
               gsize  len)
{
  g_byte_array_remove_range (run->input, 0, (guint) len);
}

/* TLS records (handshake 0x16, alert 0x15) start with the content type and version 3.x. */
static gboolean
input_is_tls (Run *run)
{
  return run->input->len >= 2
         && (run->input->data[0] == 0x16 || run->input->data[0] == 0x15)
         && run->input->data[1] == 0x03;
}

/* A greeting that is not IMAP/SMTP: decide between "TLS on this port" and "something else". */
void
mail_probe_run_fail_not_mail_server (Run *run)
{
  if (input_is_tls (run))
    mail_probe_run_fail_literal (run, MAIL_ERROR_WRONG_SECURITY,
                      _("The server answered with TLS on a port used without TLS."));
  else
    mail_probe_run_fail_literal (run, MAIL_ERROR_NOT_MAIL_SERVER,
                      run->probe->server->protocol == MAIL_PROTOCOL_IMAP
                      ? _("What answered on this port is not an IMAP server.")
                      : _("What answered on this port is not an SMTP server."));
}

void
mail_probe_run_keep_stray_input (Run *run)
{
  g_autoptr(GString) text = NULL;

  /* Keep a printable glimpse of what a non-mail server said ("HTTP/1.1 400 ..."). */
  if (run->input->len == 0 || run->greeting != NULL)
    return;
  text = g_string_new (NULL);
  for (guint i = 0; i < run->input->len && i < 200; i++)
    {
      guchar c = run->input->data[i];

      if (c == '\r' || c == '\n')
        break;
      g_string_append_c (text, (c < 0x20 || c >= 0x7f) ? '?' : (char) c);
    }
  run->greeting = g_string_free (g_steal_pointer (&text), FALSE);
  mail_transcript_add_server (run->transcript, run->greeting);
}

/* ---------------------------------------------------------------------------------------- */
/* The second look                                                                            */

/* The time a silent greeting is waited for before the second look, and each of its waits:
 * MAIL_PORT_SNIFF_SILENCE_MS, but at most half the step limit, so the look fits in the step. */
static guint
look_wait_ms (Run *run)
{
  return MAX (MIN (MAIL_PORT_SNIFF_SILENCE_MS, run->probe->step_ms / 2), 1);
}

static void
look_stop (Run *run)
{
  if (run->silence_timer != NULL)
    g_source_destroy (run->silence_timer);
  g_clear_pointer (&run->silence_timer, g_source_unref);
  if (run->look != NULL)
    g_cancellable_cancel (run->look);
  g_clear_object (&run->look);
  run->look_running = FALSE;
}

static void
set_first_fix (Run  *run,
               char *fix)
{
  g_free (run->first_fix);
  run->first_fix = fix;
}

static void
fail_web_server (Run           *run,
                 MailPortSniff *sniff,
                 gboolean       https)
{
  guint16 port = run->probe->server->port;

  g_free (run->greeting);
  run->greeting = g_strdup (sniff->first_line);
  if (sniff->first_line != NULL)
    mail_transcript_add_server (run->transcript, sniff->first_line);
  set_first_fix (run, g_strdup_printf (_("Port %u belongs to a website, not to mail. Use the "
                                         "mail server’s port: IMAP 993 (TLS) or 143 (STARTTLS), "
                                         "sending 465 (TLS) or 587 (STARTTLS)."), port));
  {
    const char *lines[] = { sniff->first_line, NULL };
    g_autoptr(GError) error = NULL;

    error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_NOT_MAIL_SERVER,
                                 https
                                 ? _("A web server answered (HTTPS): after the TLS handshake it "
                                     "answered a web request, not as a mail server.")
                                 : _("A web server answered: it sent an HTTP answer to a web "
                                     "request, and no mail greeting."));
    mail_probe_run_fail_full (run, error, lines, "not-a-mail-server");
  }
}

static void
fail_expects_tls (Run *run)
{
  set_first_fix (run, g_strdup_printf (_("Set the security to TLS (sometimes called SSL/TLS) "
                                         "for port %u: the server there expects an encrypted "
                                         "connection from the start."),
                                       run->probe->server->port));
  mail_probe_run_fail_literal (run, MAIL_ERROR_WRONG_SECURITY,
                               _("This port expects TLS from the start, not plain text or "
                                 "STARTTLS: the server stayed silent on a plain connection and "
                                 "completed a TLS handshake on a second one."));
}

static void
fail_expects_plain (Run *run)
{
  set_first_fix (run, g_strdup_printf (_("Set the security to STARTTLS for port %u: the server "
                                         "there starts without encryption and switches to it "
                                         "on request."),
                                       run->probe->server->port));
  mail_probe_run_fail_literal (run, MAIL_ERROR_WRONG_SECURITY,
                               _("The server spoke plain text where TLS was expected: a second "
                                 "connection without TLS got a mail greeting."));
}

/* The greeting was silent, and the TLS look found nothing: a plain look with a web request. */
static void
silent_plain_look_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);

  if (run->done || sniff == NULL || !run->greeting_stage)
    return;
  run->look_running = FALSE;
  if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
    fail_web_server (run, sniff, FALSE);
  else if (sniff->answer == MAIL_PORT_ANSWER_TLS_RECORD)
    fail_expects_tls (run);
  else
    run->look_found_nothing = TRUE;   /* a mail server that is silent: wait for the step limit */
}

static void
silent_tls_look_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);
  g_autoptr(GSocketAddress) remote = NULL;

  if (run->done || sniff == NULL || !run->greeting_stage)
    return;
  if (sniff->tls)
    {
      /* A TLS server: a web server if it answered the web request, else a TLS mail port
       * (unless TLS was what the check used: then a silent mail server). */
      run->look_running = FALSE;
      if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
        fail_web_server (run, sniff, TRUE);
      else if (run->probe->server->security != MAIL_SECURITY_TLS)
        fail_expects_tls (run);
      else
        run->look_found_nothing = TRUE;
      return;
    }
  if (run->probe->server->security == MAIL_SECURITY_TLS)
    {
      run->look_running = FALSE;
      run->look_found_nothing = TRUE;
      return;
    }
  remote = g_socket_connection_get_remote_address (run->connection, NULL);
  if (remote == NULL)
    {
      run->look_running = FALSE;
      return;
    }
  mail_transcript_add_client (run->transcript, "(third connection) HEAD / HTTP/1.0");
  mail_port_sniff_async (remote, run->probe->server->host, FALSE, 0, look_wait_ms (run),
                         run->look, silent_plain_look_cb, g_object_ref (run->task));
}

/* No greeting within look_wait_ms() on a plain or STARTTLS connection: while it keeps waiting
 * for the greeting, a second connection tries a TLS handshake (a TLS port), then a third a web
 * request (a web server). A greeting on the first connection stops the look. */
/* The implicit TLS handshake hangs (a plain server waiting for a line, a web server waiting
 * for the end of a request): a plain second connection may say what listens. */
static void
handshake_silence_look_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);

  if (run->done || sniff == NULL || g_strcmp0 (run->step, "tls") != 0 || !run->step_open)
    return;
  run->look_running = FALSE;
  if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
    fail_web_server (run, sniff, FALSE);
  else if (sniff->answer == MAIL_PORT_ANSWER_IMAP || sniff->answer == MAIL_PORT_ANSWER_SMTP)
    fail_expects_plain (run);
  else
    run->look_found_nothing = TRUE;
}

static gboolean
silence_cb (gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GSocketAddress) remote = NULL;
  gboolean handshake = g_strcmp0 (run->step, "tls") == 0;

  g_clear_pointer (&run->silence_timer, g_source_unref);
  if (run->done || (!handshake && (!run->greeting_stage || run->input->len > 0)))
    return G_SOURCE_REMOVE;
  remote = g_socket_connection_get_remote_address (run->connection, NULL);
  if (remote == NULL)
    return G_SOURCE_REMOVE;
  g_clear_object (&run->look);
  run->look = g_cancellable_new ();
  run->look_running = TRUE;
  if (handshake)
    {
      mail_transcript_add_client (run->transcript,
                                  "(second connection) without TLS; HEAD / HTTP/1.0 if silent");
      mail_port_sniff_async (remote, run->probe->server->host, FALSE, look_wait_ms (run),
                             look_wait_ms (run), run->look, handshake_silence_look_cb,
                             g_object_ref (run->task));
      return G_SOURCE_REMOVE;
    }
  /* On a TLS connection the server already had its time to greet: ask at once. */
  mail_transcript_add_client (run->transcript,
                              "(second connection) TLS handshake; HEAD / HTTP/1.0 if silent");
  mail_port_sniff_async (remote, run->probe->server->host, TRUE,
                         run->probe->server->security == MAIL_SECURITY_TLS
                         ? 0 : look_wait_ms (run),
                         look_wait_ms (run), run->look, silent_tls_look_cb,
                         g_object_ref (run->task));
  return G_SOURCE_REMOVE;
}

static void
run_watch_silence (Run *run)
{
  run->silence_timer = g_timeout_source_new (look_wait_ms (run));
  g_source_set_callback (run->silence_timer, silence_cb, run, NULL);
  g_source_attach (run->silence_timer, run->context);
}

static gboolean
step_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  g_clear_pointer (&run->step_timer, g_source_unref);
  /* A second look under way gets a little more time, once, to name the cause. */
  if (run->look_running && !run->look_extended)
    {
      run->look_extended = TRUE;
      arm_step_timer (run, MIN (LOOK_GRACE_MS, run->probe->step_ms));
      return G_SOURCE_REMOVE;
    }
  if (run->greeting_stage)
    {
      mail_probe_run_greeting_timed_out (run);
      return G_SOURCE_REMOVE;
    }
  run->timed_out = TRUE;
  run->timeout_ms = run->probe->step_ms;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

/* Connected, and the server never said hello: a server-timeout at the greeting whose words say
 * so, and what the second look ruled out. */
void
mail_probe_run_greeting_timed_out (Run *run)
{
  g_autoptr(GError) error = NULL;
  guint seconds = (run->probe->step_ms + 999) / 1000;

  if (run->done)
    return;
  if (run->caller_cancellable != NULL && g_cancellable_is_cancelled (run->caller_cancellable))
    {
      run_handle_error (run, NULL);
      return;
    }
  error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server did not answer within %u second: the "
                                    "connection was made, but the server stayed silent and "
                                    "sent no greeting.",
                                    "The server did not answer within %u seconds: the "
                                    "connection was made, but the server stayed silent and "
                                    "sent no greeting.", seconds),
                       seconds);
  if (run->look_found_nothing)
    {
      g_autofree char *more = g_strconcat (error->message, " ",
                                           _("A second look found no TLS and no web server on "
                                             "this port."), NULL);

      g_free (error->message);
      error->message = g_steal_pointer (&more);
    }
  set_first_fix (run, g_strdup (_("Check the port with your provider’s instructions: the "
                                  "server accepted the connection but never greeted, which "
                                  "usually means a busy server, or a firewall or antivirus "
                                  "program holding the connection.")));
  mail_probe_run_fail_full (run, error, NULL, "server-timeout");
}

/* Implicit TLS failed in a way the error code alone does not explain (GIO 2.74 reports alerts
 * and plain-text answers alike as G_TLS_ERROR_MISC): a plain second connection shows what the
 * server speaks. A mail greeting or an HTTP answer means a plain port; TLS records or nothing
 * mean a TLS server that refused this handshake. */
static void
tls_look_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);
  g_autoptr(GError) error = g_steal_pointer (&run->tls_error);

  if (run->done || sniff == NULL)
    return;
  run->look_running = FALSE;
  switch (sniff->answer)
    {
    case MAIL_PORT_ANSWER_IMAP:
    case MAIL_PORT_ANSWER_SMTP:
      fail_expects_plain (run);
      return;
    case MAIL_PORT_ANSWER_HTTP:
      fail_web_server (run, sniff, FALSE);
      return;
    case MAIL_PORT_ANSWER_OTHER:
      g_free (run->greeting);
      run->greeting = g_strdup (sniff->first_line);
      mail_probe_run_fail_literal (run, MAIL_ERROR_NOT_MAIL_SERVER,
                                   run->probe->server->protocol == MAIL_PROTOCOL_IMAP
                                   ? _("What answered on this port is not an IMAP server.")
                                   : _("What answered on this port is not an SMTP server."));
      return;
    case MAIL_PORT_ANSWER_TLS_RECORD:
    case MAIL_PORT_ANSWER_NOTHING:
    default:
      break;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    {
      if (sniff->answer == MAIL_PORT_ANSWER_NOTHING)
        {
          mail_probe_run_fail_literal (run, MAIL_ERROR_WRONG_SECURITY,
                                       _("The server closed the connection during the TLS "
                                         "handshake."));
          return;
        }
    }
  /* A TLS server that refused the handshake: versions or ciphers do not meet. */
  mail_probe_run_fail_full (run, error, NULL, "tls-protocol-mismatch");
}

/* TRUE when the look was started; it then ends the run. */
static gboolean
tls_failure_look (Run    *run,
                  GError *error)
{
  g_autoptr(GSocketAddress) remote = NULL;

  /* Only implicit TLS: after STARTTLS the server has already spoken the protocol in plain. */
  if (run->probe->server->security != MAIL_SECURITY_TLS || run->timed_out
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return FALSE;
  remote = g_socket_connection_get_remote_address (run->connection, NULL);
  if (remote == NULL)
    return FALSE;
  g_clear_error (&run->tls_error);
  run->tls_error = g_error_copy (error);
  look_stop (run);
  run->look = g_cancellable_new ();
  run->look_running = TRUE;
  mail_transcript_add_client (run->transcript,
                              "(second connection) without TLS; HEAD / HTTP/1.0 if silent");
  mail_port_sniff_async (remote, run->probe->server->host, FALSE, look_wait_ms (run),
                         look_wait_ms (run), run->look, tls_look_cb, g_object_ref (run->task));
  return TRUE;
}

/* The greeting stage saw the end of the stream. */

void
mail_probe_run_greeting_eof (Run *run)
{
  if (run->input->len > 0 && run->probe->server->protocol == MAIL_PROTOCOL_SMTP)
    {
      run->greeting_stage = FALSE;
      mail_probe_smtp_eof (run);
      return;
    }
  mail_probe_run_fail_literal (run, MAIL_ERROR_CLOSED,
                               _("The server closed the connection without a greeting."));
}

/* ---------------------------------------------------------------------------------------- */
/* TLS                                                                                        */

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Run *run = user_data;
  g_autoptr(MailCertificateInfo) info = NULL;

  g_set_object (&run->peer_certificate, certificate);
  run->peer_errors = errors;

  if (run->probe->trusted_fingerprint == NULL)
    return FALSE;
  info = mail_certificate_info_new (certificate, errors);
  if (info == NULL || info->sha256 == NULL
      || g_ascii_strcasecmp (info->sha256, run->probe->trusted_fingerprint) != 0)
    return FALSE;
  run->trusted_by_fingerprint = TRUE;
  return TRUE;
}

static const char *
protocol_version_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return "TLS";
    }
}

static void
store_certificate (Run                  *run,
                   GTlsCertificate      *certificate,
                   GTlsCertificateFlags  errors)
{
  if (certificate == NULL)
    return;
  g_clear_pointer (&run->result->certificate, mail_certificate_info_free);
  run->result->certificate = mail_certificate_info_new (certificate, errors);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GTlsCertificate *peer;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      if (run->done)
        return;
      if (run->peer_certificate != NULL)
        store_certificate (run, run->peer_certificate, run->peer_errors);
      /* The cause from the error code where it says it; else a second look (see there). */
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE)
          || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_INAPPROPRIATE_FALLBACK))
        {
          mail_probe_run_fail_full (run, error, NULL, "tls-protocol-mismatch");
          return;
        }
      if (tls_failure_look (run, error))
        return;
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) && !run->timed_out)
        {
          mail_probe_run_fail_literal (run, MAIL_ERROR_WRONG_SECURITY,
                            _("The server spoke plain text where TLS was expected."));
          return;
        }
      run_handle_error (run, error);
      return;
    }
  if (run->done)
    return;

  /* TLS 1.0 and 1.1 are refused by mail apps (and RFC 8996): a server that offers nothing
   * newer fails here, although GnuTLS agreed to it. */
  switch (g_tls_connection_get_protocol_version (tls))
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      {
        g_autoptr(GError) old = NULL;

        old = g_error_new (MAIL_ERROR, MAIL_ERROR_FAILED,
                           _("The server offers only %s, an old version of TLS that mail apps "
                             "refuse (TLS 1.2 or newer is needed)."),
                           protocol_version_name (g_tls_connection_get_protocol_version (tls)));
        mail_probe_run_fail_full (run, old, NULL, "tls-protocol-mismatch");
        return;
      }
    default:
      break;
    }

  peer = g_tls_connection_get_peer_certificate (tls);
  store_certificate (run, peer, run->trusted_by_fingerprint ? run->peer_errors : 0);

  if (run->trusted_by_fingerprint)
    detail = g_strdup_printf (_("%s, certificate trusted by its fingerprint"),
                              protocol_version_name (g_tls_connection_get_protocol_version (tls)));
  else
    detail = g_strdup_printf (_("%s, certificate valid for %s"),
                              protocol_version_name (g_tls_connection_get_protocol_version (tls)),
                              run->probe->server->host);
  g_clear_object (&run->stream);
  run->stream = G_IO_STREAM (g_object_ref (tls));
  g_free (run->tls_detail);
  run->tls_detail = g_steal_pointer (&detail);
  run->after_tls (run);
}

/* Starts TLS on the connection (implicit TLS, or after STARTTLS), then calls after with
 * run->tls_detail set ("TLS 1.3, certificate valid for HOST"). */
void
mail_probe_run_start_tls (Run     *run,
               RunFunc  after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  GIOStream *tls;

  if (run->input->len > 0)
    {
      /* Bytes sent before the handshake would be trusted as if they came through TLS
       * (STARTTLS command injection, CVE-2011-0411): never read them, end the check. */
      g_byte_array_set_size (run->input, 0);
      mail_probe_run_fail_starttls (run, NULL,
                                    _("The server sent more data right after agreeing to "
                                      "encryption, before the encrypted connection was set up. "
                                      "Someone on the network may have injected it, so the "
                                      "check stopped. Nothing was sent."));
      return;
    }

  identity = g_network_address_new (run->probe->server->host, run->probe->server->port);
  tls = mail_tls_client_connection_new (G_IO_STREAM (run->connection), identity,
                                        run->probe->database, &error);
  if (tls == NULL)
    {
      mail_probe_run_fail (run, error);
      return;
    }
  if (run->probe->database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), run->probe->database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), run);
  run->after_tls = after;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, run->cancellable,
                                    handshake_cb, g_object_ref (run->task));
  g_object_unref (tls);
}

/* ---------------------------------------------------------------------------------------- */
/* Resolve and connect                                                                        */

static void protocol_start (Run *run);

static void
implicit_tls_done (Run *run)
{
  mail_probe_step_end (run, TRUE, run->tls_detail);
  protocol_start (run);
}

static void
connect_next (Run *run);

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *address = NULL;
  g_autofree char *detail = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (run->done)
    return;
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || run->next_address == NULL)
        {
          /* The first error says most (e.g. refused on IPv6 and IPv4 alike). */
          if (run->connect_error != NULL && !g_cancellable_is_cancelled (run->cancellable))
            run_handle_error (run, run->connect_error);
          else
            run_handle_error (run, error);
          return;
        }
      if (run->connect_error == NULL)
        run->connect_error = g_steal_pointer (&error);
      connect_next (run);
      return;
    }

  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

      address = g_inet_address_to_string (inet);
      if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
        detail = g_strdup_printf ("[%s]:%u", address, run->probe->server->port);
      else
        detail = g_strdup_printf ("%s:%u", address, run->probe->server->port);
    }
  run->connection = g_steal_pointer (&connection);
  /* The per-address limit must not stay on the socket: reads have the step timer. */
  g_socket_set_timeout (g_socket_connection_get_socket (run->connection), 0);
  run->stream = G_IO_STREAM (g_object_ref (run->connection));
  mail_probe_step_end (run, TRUE, detail);

  if (run->probe->server->security == MAIL_SECURITY_TLS)
    {
      mail_probe_step_begin (run, "tls");
      run_watch_silence (run);
      mail_probe_run_start_tls (run, implicit_tls_done);
    }
  else
    protocol_start (run);
}

static void
connect_next (Run *run)
{
  g_autoptr(GSocketClient) client = mail_socket_client_new ();
  g_autoptr(GSocketAddress) address = NULL;
  GInetAddress *inet = run->next_address->data;

  run->next_address = run->next_address->next;
  address = g_inet_socket_address_new (inet, run->probe->server->port);
  /* With more addresses to try, one that swallows packets (a broken IPv6 route) must not
   * use up the whole step; the last one has the step's time. */
  if (run->next_address != NULL)
    g_socket_client_set_timeout (client, PER_ADDRESS_TIMEOUT_S);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), run->cancellable,
                                 connect_cb, g_object_ref (run->task));
}

static void
resolve_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  guint n;

  run->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (run->done)
    return;
  if (run->addresses == NULL)
    {
      run_handle_error (run, error);
      return;
    }
  n = g_list_length (run->addresses);
  detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address", "%u addresses", n), n);
  mail_probe_step_end (run, TRUE, detail);

  mail_probe_step_begin (run, "connect");
  run->next_address = run->addresses;
  connect_next (run);
}

/* -- Authentication helpers shared by IMAP and SMTP -- */

char *
mail_probe_run_sasl_response (Run *run)
{
  MailProbe *probe = run->probe;
  const char *user = probe->server->username != NULL ? probe->server->username : probe->email;
  char *payload = NULL;

  switch (run->mechanism)
    {
    case MAIL_SASL_XOAUTH2:
      payload = mail_sasl_xoauth2_response (user, probe->secret);
      break;
    case MAIL_SASL_OAUTHBEARER:
      payload = mail_sasl_oauthbearer_response (user, probe->server->host, probe->server->port,
                                                probe->secret);
      break;
    case MAIL_SASL_PLAIN:
      payload = mail_sasl_plain_response (NULL, user, probe->secret);
      break;
    case MAIL_SASL_LOGIN:
    default:
      payload = mail_sasl_login_response (user);
      break;
    }
  if (run->mechanism != MAIL_SASL_LOGIN)
    mail_transcript_add_secret (run->transcript, payload);
  return payload;
}

static gboolean
mechanism_is_oauth (MailSaslMechanism mechanism)
{
  return mechanism == MAIL_SASL_XOAUTH2 || mechanism == MAIL_SASL_OAUTHBEARER;
}

/* The mechanism to use: the first wanted one that the server offers. The wanted list is
 * mail_probe_set_mechanisms() (a provider's OAuth2 list) filtered to the kind of credential;
 * when nothing of that kind is in it, the defaults for the kind. */
gboolean
mail_probe_run_choose_mechanism (Run               *run,
                  const char *const *offered)
{
  static const char *const oauth_default[] = { "XOAUTH2", "OAUTHBEARER", NULL };
  static const char *const password_default[] = { "PLAIN", "LOGIN", NULL };
  MailProbe *probe = run->probe;
  gboolean oauth = probe->auth == MAIL_AUTH_OAUTH2;
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (MailSaslMechanism));

  for (guint i = 0; probe->mechanisms != NULL && probe->mechanisms[i] != NULL; i++)
    {
      MailSaslMechanism mechanism;

      if (mail_sasl_mechanism_from_string (probe->mechanisms[i], &mechanism)
          && mechanism_is_oauth (mechanism) == oauth)
        g_array_append_val (wanted, mechanism);
    }
  if (wanted->len == 0)
    {
      const char *const *defaults = oauth ? oauth_default : password_default;

      for (guint i = 0; defaults[i] != NULL; i++)
        {
          MailSaslMechanism mechanism;

          if (mail_sasl_mechanism_from_string (defaults[i], &mechanism))
            g_array_append_val (wanted, mechanism);
        }
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      MailSaslMechanism mechanism = g_array_index (wanted, MailSaslMechanism, i);
      const char *name = mail_sasl_mechanism_to_string (mechanism);

      /* IMAP LOGIN is the LOGIN command, always there unless LOGINDISABLED. */
      if ((probe->server->protocol == MAIL_PROTOCOL_IMAP && mechanism == MAIL_SASL_LOGIN)
          || g_strv_contains (offered, name))
        {
          run->mechanism = mechanism;
          g_free (run->result->mechanism);
          run->result->mechanism = g_strdup (name);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---------------------------------------------------------------------------------------- */

static void
protocol_start (Run *run)
{
  mail_probe_step_begin (run, "greeting");
  run_watch_silence (run);
  if (run->probe->server->protocol == MAIL_PROTOCOL_IMAP)
    mail_probe_imap_greeting (run);
  else
    mail_probe_smtp_greeting (run);
}

/* ---------------------------------------------------------------------------------------- */
/* GObject                                                                                    */

static void
mail_probe_finalize (GObject *object)
{
  MailProbe *self = MAIL_PROBE (object);

  g_clear_pointer (&self->server, mail_server_free);
  g_free (self->email);
  g_clear_pointer (&self->secret, mail_secret_free);
  g_strfreev (self->mechanisms);
  g_free (self->mailbox);
  g_free (self->provider_id);
  g_clear_object (&self->database);
  g_free (self->trusted_fingerprint);
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
  self->step_ms = DEFAULT_STEP_MS;
  self->overall_ms = DEFAULT_OVERALL_MS;
  self->auth = MAIL_AUTH_NONE;
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
  self->server = mail_server_copy (server);
  if (self->server->port == 0)
    self->server->port = mail_default_port (server->protocol, server->security);
  self->email = g_strdup (email);
  return self;
}

void
mail_probe_set_credential (MailProbe    *self,
                           MailAuthKind  auth,
                           const char   *secret)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->auth = auth;
  g_clear_pointer (&self->secret, mail_secret_free);
  self->secret = g_strdup (secret);
}

void
mail_probe_set_mechanisms (MailProbe         *self,
                           const char *const *mechanisms)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_strfreev (self->mechanisms);
  self->mechanisms = NULL;
  if (mechanisms != NULL)
    {
      self->mechanisms = g_new0 (char *, g_strv_length ((char **) mechanisms) + 1);
      for (guint i = 0; mechanisms[i] != NULL; i++)
        self->mechanisms[i] = g_ascii_strup (mechanisms[i], -1);
    }
}

void
mail_probe_set_mailbox (MailProbe  *self,
                        const char *mailbox)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->mailbox);
  self->mailbox = g_strdup (mailbox);
}

void
mail_probe_set_provider_id (MailProbe  *self,
                            const char *provider_id)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->provider_id);
  self->provider_id = g_strdup (provider_id);
}

void
mail_probe_set_tls_database (MailProbe    *self,
                             GTlsDatabase *database)
{
  g_return_if_fail (MAIL_IS_PROBE (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  g_set_object (&self->database, database);
}

void
mail_probe_set_trusted_fingerprint (MailProbe  *self,
                                    const char *sha256)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  g_free (self->trusted_fingerprint);
  self->trusted_fingerprint = g_strdup (sha256);
}

void
mail_probe_set_timeouts (MailProbe *self,
                         guint      step_ms,
                         guint      overall_ms)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->step_ms = step_ms != 0 ? step_ms : DEFAULT_STEP_MS;
  self->overall_ms = overall_ms != 0 ? overall_ms : DEFAULT_OVERALL_MS;
}

void
mail_probe_set_greeting_only (MailProbe *self,
                              gboolean   greeting_only)
{
  g_return_if_fail (MAIL_IS_PROBE (self));

  self->greeting_only = greeting_only;
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
  g_autoptr(GResolver) resolver = NULL;
  Run *run;

  g_return_if_fail (MAIL_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_probe_run_async);
  /* Our own errors decide; GTask must not turn a late cancellation into its own error. */
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (Run, 1);
  run->probe = g_object_ref (self);
  run->task = task;
  run->context = g_main_context_ref_thread_default ();
  run->start_time = g_get_monotonic_time ();
  run->cancellable = g_cancellable_new ();
  run->transcript = mail_transcript_new ();
  run->input = g_byte_array_new ();
  run->untagged = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_imap_response_free);
  run->result = mail_check_result_new (self->server->protocol);
  run->result->host = g_strdup (self->server->host);
  run->result->port = self->server->port;
  run->result->security = self->server->security;
  run->result->auth = self->auth;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  if (cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (cancellable);
      run->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (run->cancellable),
                                                   g_object_unref);
    }

  run->overall_timer = g_timeout_source_new (self->overall_ms);
  g_source_set_callback (run->overall_timer, overall_timeout_cb, run, NULL);
  g_source_attach (run->overall_timer, run->context);

  mail_probe_step_begin (run, "resolve");
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      run_handle_error (run, NULL);
      return;
    }
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, self->server->host, run->cancellable, resolve_cb,
                                   g_object_ref (task));
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
