/* test-diagnosis-error.c: a failure keeps its diagnosis and its cause on the way to the caller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-diagnosis-error.h"
#include "mail-types.h"

static GError *
keyring_locked_error (void)
{
  MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring" };
  g_autoptr(GError) cause = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_FAILED, "locked");

  return mail_diagnosis_error_new (mail_diagnosis_new_for_code ("keyring-locked", &context),
                                   cause);
}

static void
finish_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_error (task, keyring_locked_error ());
}

static void
test_error_carries_diagnosis_and_cause (void)
{
  g_autoptr(GError) error = keyring_locked_error ();
  const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

  g_assert_nonnull (diagnosis);
  g_assert_cmpstr (diagnosis->code, ==, "keyring-locked");
  /* The message a caller that knows nothing of diagnoses shows is the diagnosis title. */
  g_assert_cmpstr (error->message, ==, diagnosis->title);
  g_assert_true (mail_diagnosis_error_matches (error, MAIL_ERROR, MAIL_ERROR_FAILED));
  g_assert_cmpstr (mail_diagnosis_error_get_cause (error)->message, ==, "locked");
}

static void
test_error_survives_copy_and_task (void)
{
  g_autoptr(GError) error = keyring_locked_error ();
  g_autoptr(GError) copy = g_error_copy (error);
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  g_autoptr(GError) returned = NULL;

  g_clear_error (&error);
  g_assert_cmpstr (mail_diagnosis_from_error (copy)->code, ==, "keyring-locked");

  g_task_run_in_thread_sync (task, finish_in_thread);
  g_assert_false (g_task_propagate_boolean (task, &returned));
  g_assert_nonnull (mail_diagnosis_from_error (returned));
  g_assert_cmpstr (mail_diagnosis_from_error (returned)->code, ==, "keyring-locked");
}

static void
test_other_errors_carry_none (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");

  g_assert_null (mail_diagnosis_from_error (cancelled));
  g_assert_true (mail_diagnosis_error_get_cause (cancelled) == cancelled);
  g_assert_true (mail_diagnosis_error_matches (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_null (mail_diagnosis_from_error (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diagnosis-error/carries-diagnosis-and-cause",
                   test_error_carries_diagnosis_and_cause);
  g_test_add_func ("/diagnosis-error/survives-copy-and-task", test_error_survives_copy_and_task);
  g_test_add_func ("/diagnosis-error/other-errors-carry-none", test_other_errors_carry_none);
  return g_test_run ();
}
