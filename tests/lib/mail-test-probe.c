/* mail-test-probe.c: the probe run to its end, against the lab or the scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-test-lib.h"
#include "mail-test-probe.h"

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *wrapper = user_data;
  GError *error = NULL;
  MailCheckResult *check = mail_probe_run_finish (MAIL_PROBE (object), result, &error);

  if (check != NULL)
    g_task_return_pointer (wrapper, check, (GDestroyNotify) mail_check_result_free);
  else
    g_task_return_error (wrapper, error);
  g_object_unref (wrapper);
}

/* Runs the probe to the end on a private main loop. */
MailCheckResult *
mail_test_run_probe_full (MailProbe     *probe,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GTask) wrapper = NULL;
  MailCheckResult *result;

  g_main_context_push_thread_default (context);
  wrapper = g_task_new (NULL, NULL, NULL, NULL);
  mail_probe_run_async (probe, cancellable, run_done_cb, g_object_ref (wrapper));
  while (!g_task_get_completed (wrapper))
    g_main_context_iteration (context, TRUE);
  result = g_task_propagate_pointer (wrapper, error);
  /* Let closes and cancelled calls finish inside this context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return result;
}

/* The same, asserting a result; its transcript (the first 200 lines), steps and diagnosis
 * are logged as test messages. */
MailCheckResult *
mail_test_run_probe (MailProbe *probe)
{
  g_autoptr(GError) error = NULL;
  MailCheckResult *result = mail_test_run_probe_full (probe, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  for (guint i = 0; i < result->transcript->len && i < 200; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (result->transcript, i));
  for (guint i = 0; i < result->steps->len; i++)
    {
      MailCheckStep *step = g_ptr_array_index (result->steps, i);

      g_test_message ("step %s %s %.1f ms %s", step->name, step->ok ? "ok" : "FAILED", step->ms,
                      step->detail ? step->detail : "");
    }
  if (result->diagnosis != NULL)
    g_test_message ("%s (%s): %s", result->diagnosis->code, result->diagnosis->stage,
                    result->diagnosis->explanation);
  return result;
}

void
mail_test_start_server (MailLabScriptedServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);
}

/* A scripted server for protocol and tls, started (its script added before the first client). */
MailLabScriptedServer *
mail_test_start_scripted (MailLabProtocol protocol,
                          MailLabTls      tls)
{
  MailLabScriptedServer *server = mail_lab_scripted_server_new (protocol, tls);

  mail_test_start_server (server);
  return server;
}

/* A probe of the scripted server, trusting the lab's CA, signing in as email with auth and
 * secret (the token or the password). given: named by the person (--imap localhost:PORT), not
 * discovered. */
MailProbe *
mail_test_scripted_probe (MailLabScriptedServer *server,
                          MailProtocol           protocol,
                          MailSecurity           security,
                          const char            *email,
                          MailAuthKind           auth,
                          const char            *secret,
                          gboolean               given)
{
  g_autoptr(MailServer) config = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  MailProbe *probe;

  config = mail_server_new (protocol, "localhost", mail_lab_scripted_server_get_port (server),
                            security);
  config->username = g_strdup (email);
  config->given = given;
  probe = mail_probe_new (config, email);
  database = mail_test_lab_database ();
  mail_probe_set_tls_database (probe, database);
  if (auth != MAIL_AUTH_NONE)
    mail_probe_set_credential (probe, auth, secret);
  mail_probe_set_timeouts (probe, 2000, 15000);
  return probe;
}

/* The check failed with code at stage. */
void
mail_test_assert_code (const MailCheckResult *result,
                       const char            *code,
                       const char            *stage)
{
  g_assert_false (result->ok);
  g_assert_nonnull (result->diagnosis);
  g_assert_cmpstr (result->diagnosis->code, ==, code);
  g_assert_cmpstr (result->diagnosis->stage, ==, stage);
}

/* The result as the CLI's --json shows it. */
char *
mail_test_check_result_to_json (const MailCheckResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  mail_check_result_to_json (result, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
