/* mail-setup-window-check.c: the wizard's check of the account, its results and the report
 *
 * The check is the core's MailAccountCheck: IMAP and SMTP at the same time, with the
 * credential of this sign-in or the stored account's (refreshed when due), the certificate the
 * person trusted, and a diagnosis for every failure. The window shows its steps and results and
 * saves a new account that works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-account-check.h"
#include "mail-diagnosis-error.h"
#include "mail-goa-export.h"

#include "mail-setup-window-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Results */

char *
_mail_setup_window_build_report (MailSetupWindow *self,
                                 gboolean         json)
{
  return mail_setup_journey_build_report (self->journey, json);
}

/* A failure outside the checks (sign-in, keyring): the journey keeps the diagnosis for the
 * report, and the result page shows it. Takes diagnosis. */
void
_mail_setup_window_show_other_failure (MailSetupWindow *self,
                                       MailDiagnosis   *diagnosis)
{
  mail_setup_journey_clear_results (self->journey);
  mail_setup_journey_take_diagnosis (self->journey, diagnosis);
  _mail_setup_window_show_page (self, "result", TRUE);
}

static char *
keyring_label (MailSetupWindow *self)
{
  MailAccountSettings *settings = window_settings (self);

  /* The label mail-account-store.h gives the item (same words, same translation). */
  return g_strdup_printf (_("Mail Setup: %s (%s)"), settings->email,
                          settings->provider_name ? settings->provider_name
                          : (settings->provider_id ? settings->provider_id : "-"));
}

/* The account is in the keyring, with this check's time. */
static void
show_saved (MailSetupWindow *self)
{
  g_autofree char *label = keyring_label (self);

  mail_setup_journey_set_saved (self->journey, label, NULL);
  _mail_setup_window_load_accounts (self);
}

static void
mark_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  /* A keyring failure's message is its diagnosis's title (mail-diagnosis-error.h). */
  if (!mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
      if (!was_cancelled (error))
        mail_setup_journey_set_saved (self->journey, NULL, error->message);
      return;
    }
  show_saved (self);
}

static void
save_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
      if (!was_cancelled (error))
        mail_setup_journey_set_saved (self->journey, NULL, error->message);
      return;
    }
  mail_account_store_mark_verified_async (self->store, window_settings (self), self->lifetime,
                                          mark_verified_cb, g_object_ref (self));
}

/* Saves the verified account (secret and settings) in the keyring. A stored account's check
 * recorded its time itself (MailAccountCheck). */
static void
save_account (MailSetupWindow  *self,
              MailAccountCheck *check)
{
  g_autoptr(MailStoredAccount) account = NULL;

  if (mail_setup_journey_get_from_keyring (self->journey))
    {
      const GError *error = mail_account_check_get_record_error (check);

      if (error != NULL)
        mail_setup_journey_set_saved (self->journey, NULL, error->message);
      else
        show_saved (self);
      return;
    }

  account = mail_setup_journey_to_stored_account (self->journey);
  mail_account_store_save_async (self->store, account, self->lifetime, save_account_cb,
                                 g_object_ref (self));
}

static void
app_fixes_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GPtrArray) fixes = mail_setup_other_apps_explain_finish (result, NULL);
  g_autoptr(GPtrArray) works = mail_setup_other_apps_explain_get_works (result);

  if (_mail_setup_window_is_gone (self) || fixes == NULL ||
      g_strcmp0 (_mail_setup_window_get_page_name (self), "result") != 0)
    return;
  mail_setup_result_page_set_app_fixes (self->result_page, fixes);
  mail_setup_result_page_set_app_differences (self->result_page, self->other_app, works);
}

/* The app's settings failed: what works instead, in that app's words, under the diagnosis. */
static void
explain_other_app (MailSetupWindow *self)
{
  GPtrArray *results = mail_setup_journey_get_results (self->journey);
  const char *secret = mail_setup_journey_get_secret (self->journey);
  guint failed = 0;

  for (guint i = 0; i < results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (results, i);

      if (!result->ok)
        failed |= 1u << result->protocol;
    }
  if (self->other_app == NULL || secret == NULL || failed == 0)
    return;
  mail_setup_other_apps_explain_async (self->other_apps, self->other_app, failed, self->registry,
                                       self->tls_database,
                                       mail_setup_journey_get_secret_kind (self->journey), secret,
                                       self->lifetime, app_fixes_cb, g_object_ref (self));
}

static void
show_success (MailSetupWindow  *self,
              MailAccountCheck *check)
{
  MailAccountSettings *settings = window_settings (self);
  g_autoptr(GVariant) goa_details = NULL;
  gboolean password;

  /* The export page follows the verified settings, the result page the finished check. */
  mail_setup_journey_set_verified_now (self->journey);
  /* GOA's IMAP/SMTP accounts sign in with a password and are encrypted; a stored account's
   * password is read from the keyring when it is added. */
  goa_details = mail_goa_build_details (settings, NULL);
  password = mail_account_check_get_auth_kind (check) != MAIL_AUTH_OAUTH2
             && (mail_setup_journey_get_has_credential (self->journey)
                 || mail_setup_journey_get_from_keyring (self->journey));
  mail_setup_journey_set_goa_available (self->journey, goa_details != NULL && password);
  mail_setup_journey_finish_check (self->journey);
  _mail_setup_window_show_page (self, "result", TRUE);
  save_account (self, check);
}

static void
finish_check (MailSetupWindow  *self,
              MailAccountCheck *check)
{
  const MailCheckResult *failed;

  _mail_setup_window_end_work (self);

  /* Always IMAP first, whichever answered first. */
  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; protocol <= MAIL_PROTOCOL_SMTP; protocol++)
    {
      const char *name = mail_protocol_to_string (protocol);
      const MailCheckResult *result = mail_account_check_get_result (check, name);

      if (result != NULL)
        mail_setup_journey_add_result (self->journey, mail_check_result_copy (result));
    }

  /* The core explains every failed check (MailAccountCheck). */
  failed = mail_setup_journey_get_failed (self->journey);
  if (failed != NULL)
    {
      mail_setup_journey_finish_check (self->journey);
      _mail_setup_window_show_page (self, "result", TRUE);
      explain_other_app (self);
      return;
    }
  show_success (self, check);
}

/* ------------------------------------------------------------------------------------------ */
/* The check */

static void
step_started_cb (MailAccountCheck *check,
                 const char       *protocol,
                 const char       *name,
                 gpointer          user_data)
{
  MailSetupWindow *self = user_data;
  MailProtocol which;

  /* A check that was cancelled may still report a step: not this check's. */
  if (G_OBJECT (check) != self->worker || !mail_protocol_from_string (protocol, &which))
    return;
  /* The stored sign-in has been read: the servers are being asked. */
  mail_setup_journey_set_status (self->journey, NULL);
  mail_setup_checking_page_step_started (self->checking_page, which, name);
}

static void
step_finished_cb (MailAccountCheck *check,
                  const char       *protocol,
                  MailCheckStep    *step,
                  gpointer          user_data)
{
  MailSetupWindow *self = user_data;
  MailProtocol which;

  if (G_OBJECT (check) != self->worker || !mail_protocol_from_string (protocol, &which))
    return;
  mail_setup_checking_page_step_finished (self->checking_page, which, step);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailAccountCheck) check = g_object_ref (MAIL_ACCOUNT_CHECK (object));
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (check, self);
  if (!mail_account_check_run_finish (check, result, &error))
    {
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

      if (was_cancelled (error))
        return;
      /* The stored sign-in could not be had (keyring, refresh): no check ran. */
      _mail_setup_window_end_work (self);
      if (diagnosis != NULL)
        _mail_setup_window_show_other_failure (self, mail_diagnosis_copy (diagnosis));
      else
        _mail_setup_window_toast (self, error->message);
      return;
    }
  finish_check (self, check);
}

/* Pins the certificate the person trusted for a server of this account, if any. */
static void
trust_pinned (MailSetupWindow  *self,
              MailAccountCheck *check,
              const MailServer *server)
{
  const char *fingerprint;

  if (server == NULL || server->host == NULL)
    return;
  fingerprint = mail_setup_trust_store_lookup (self->trust_store, server->host);
  if (fingerprint != NULL)
    mail_account_check_set_trusted_fingerprint (check, server->host, fingerprint);
}

void
_mail_setup_window_start_check (MailSetupWindow *self)
{
  MailAccountSettings *settings = window_settings (self);
  g_autoptr(MailAccountCheck) check = NULL;
  const char *secret = mail_setup_journey_get_secret (self->journey);

  g_return_if_fail (settings != NULL);

  mail_setup_journey_clear_results (self->journey);
  mail_setup_journey_set_status (self->journey, NULL);
  mail_setup_checking_page_reset (self->checking_page, settings->email, settings->imap,
                                  settings->smtp);
  _mail_setup_window_show_page (self, "checking", TRUE);
  _mail_setup_window_begin_work (self);

  check = mail_account_check_new (settings);
  /* The settings page asked before an untrusted server got this far. */
  g_warn_if_fail ((settings->imap == NULL || settings->imap->trusted || settings->imap->given)
                  && (settings->smtp == NULL || settings->smtp->trusted || settings->smtp->given));
  if (secret != NULL)
    mail_account_check_set_secret (check, mail_setup_journey_get_secret_kind (self->journey),
                                   secret);
  else if (mail_setup_journey_get_from_keyring (self->journey))
    {
      mail_setup_journey_set_status (self->journey,
                                     _("Getting the saved sign-in from your keyring…"));
      mail_account_check_use_stored_credential (check, self->store);
    }
  /* A shared mailbox: who signed in (a stored account knows it itself). */
  if (secret != NULL && mail_setup_journey_get_delegate (self->journey) != NULL)
    mail_account_check_set_signed_in_as (check, mail_setup_journey_get_delegate (self->journey));
  if (self->tls_database != NULL)
    mail_account_check_set_tls_database (check, self->tls_database);
  trust_pinned (self, check, settings->imap);
  trust_pinned (self, check, settings->smtp);

  g_signal_connect (check, "step-started", G_CALLBACK (step_started_cb), self);
  g_signal_connect (check, "step-finished", G_CALLBACK (step_finished_cb), self);
  g_set_object (&self->worker, G_OBJECT (check));
  mail_account_check_run_async (check, self->cancellable, check_done_cb, g_object_ref (self));
}
