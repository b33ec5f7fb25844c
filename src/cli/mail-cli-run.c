/* mail-cli-run.c: one command of the keyring side waits for the core, and says how it failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "mail-cli-login.h"
#include "mail-diagnosis-error.h"

void
mail_cli_run_clear (MailCliRun *run)
{
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->tokens, mail_oauth_tokens_free);
  g_clear_pointer (&run->account, mail_stored_account_free);
  g_clear_pointer (&run->accounts, g_ptr_array_unref);
  g_clear_pointer (&run->secret, mail_secret_free);
  g_clear_pointer (&run->diagnosis, mail_diagnosis_free);
  g_clear_error (&run->error);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  MailCliRun *run = user_data;

  /* Ctrl+C: stop waiting, close the listener, save nothing. */
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  MailCliRun *run = user_data;

  run->timeout_id = 0;
  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

void
mail_cli_run_wait (MailCliRun *run,
                   guint       timeout_s)
{
  guint sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, run);
  guint sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, run);

  /* The core ends its network steps at the command's deadline and says which one ran out of
   * time; this timer, a second later, only stops what has no deadline of its own (the
   * keyring). */
  run->timeout_s = timeout_s;
  if (timeout_s > 0)
    {
      gint64 left_ms = run->common->deadline > 0
                         ? (run->common->deadline - g_get_monotonic_time ()) / 1000
                         : (gint64) timeout_s * 1000;

      run->timeout_id = g_timeout_add (MAX (left_ms, 0) + 1000, timeout_cb, run);
    }

  /* GTask never calls back before the main loop runs: the operation is still pending. */
  run->done = FALSE;
  mail_cli_run_until (&run->done);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
}

int
mail_cli_run_fail (MailCliRun *run)
{
  const MailDiagnosis *diagnosis = run->diagnosis != NULL ? run->diagnosis
                                                          : mail_diagnosis_from_error (run->error);

  if (diagnosis != NULL)
    return mail_cli_print_diagnosis (run->common, diagnosis);

  if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && run->timed_out)
    {
      g_clear_error (&run->error);
      run->error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                                _("The keyring did not answer within the time limit "
                                  "(--timeout %u); nothing was changed."), run->timeout_s);
    }
  else if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&run->error);
      run->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("Stopped; nothing was saved or changed."));
    }

  return mail_cli_print_failure (run->common, run->stage,
                                 run->error != NULL ? run->error->message
                                                    : _("The command failed."),
                                 NULL, NULL);
}

char *
mail_cli_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (unix_seconds);
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

void
mail_cli_add_optional_string (JsonBuilder *builder,
                              const char  *name,
                              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

int
mail_cli_parse_email_command (MailCliCommon       *common,
                              const char          *summary,
                              const GOptionEntry  *entries,
                              int                 *argc,
                              char              ***argv,
                              gboolean             needs_email)
{
  g_autoptr(GOptionContext) context = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  mail_cli_common_add_options (common, context);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (!mail_cli_common_finish (common))
    return MAIL_CLI_EXIT_USAGE;

  if (needs_email)
    {
      if (*argc != 2)
        return mail_cli_usage_error (common, "%s", _("Give exactly one email address."));
      if (!mail_email_validate ((*argv)[1], &error))
        return mail_cli_usage_error (common, "%s", error->message);
    }
  else if (*argc != 1)
    return mail_cli_usage_error (common, "%s", _("This command takes no arguments."));

  return -1;
}
