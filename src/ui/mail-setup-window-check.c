/* mail-setup-window-check.c: the wizard's check of the account, its results and the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-goa-export.h"
#include "mail-probe.h"

#include "mail-setup-report.h"
#include "mail-setup-window-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Results */

char *
_mail_setup_window_build_report (MailSetupWindow *self,
                                 gboolean         json)
{
  MailAccountSettings *settings = window_settings (self);
  const char *email = settings ? settings->email : NULL;
  const char *provider = settings ? settings->provider_id : NULL;
  GPtrArray *results = mail_setup_journey_get_results (self->journey);
  const MailDiagnosis *diagnosis = mail_setup_journey_get_diagnosis (self->journey);

  if (json)
    return mail_setup_report_to_json (email, provider, results, diagnosis);
  return mail_setup_report_to_text (email, provider, results, diagnosis);
}

static void
show_diagnosis (MailSetupWindow       *self,
                const MailCheckResult *failed,
                const MailDiagnosis   *diagnosis)
{
  MailProvider *provider = mail_setup_journey_get_provider (self->journey);
  g_autofree char *details = NULL;

  mail_setup_result_page_set_enable_imap_available (self->result_page,
                                                    window_settings (self) != NULL
                                                    && mail_setup_enable_imap_page_has_guidance (provider));
  mail_setup_result_page_set_provider (self->result_page, provider);
  mail_setup_result_page_set_failure (self->result_page, failed, diagnosis);
  mail_setup_result_page_show_checks (self->result_page, mail_setup_journey_get_results (self->journey));
  details = _mail_setup_window_build_report (self, FALSE);
  mail_setup_result_page_set_details (self->result_page, details);
  _mail_setup_window_show_page (self, "result", TRUE);
}

/* A failure outside the checks (sign-in, keyring): the window keeps the diagnosis for the
 * report. Takes diagnosis. */
void
_mail_setup_window_show_other_failure (MailSetupWindow *self,
                                       MailDiagnosis   *diagnosis)
{
  mail_setup_journey_clear_results (self->journey);
  mail_setup_journey_take_diagnosis (self->journey, diagnosis);
  show_diagnosis (self, NULL, diagnosis);
}

static char *
keyring_label (MailSetupWindow *self)
{
  /* The label mail-account-store.h gives the item (same words, same translation). */
  return g_strdup_printf (_("Mail Setup: %s (%s)"), window_settings (self)->email,
                          window_settings (self)->provider_name ? window_settings (self)->provider_name
                          : (window_settings (self)->provider_id ? window_settings (self)->provider_id : "-"));
}

static void
mark_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  if (!mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result, &diagnosis, &error))
    {
      if (!was_cancelled (error))
        mail_setup_result_page_set_saved (self->result_page, NULL,
                                          diagnosis && diagnosis->title ? diagnosis->title : error->message);
      return;
    }
  label = keyring_label (self);
  mail_setup_result_page_set_saved (self->result_page, label, NULL);
  _mail_setup_window_load_accounts (self);
}

static void
mark_verified (MailSetupWindow *self)
{
  mail_account_store_mark_verified_async (self->store, window_settings (self), self->lifetime,
                                          mark_verified_cb, g_object_ref (self));
}

static void
save_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &diagnosis, &error))
    {
      if (!was_cancelled (error))
        mail_setup_result_page_set_saved (self->result_page, NULL,
                                          diagnosis && diagnosis->title ? diagnosis->title : error->message);
      return;
    }
  mark_verified (self);
}

/* Saves the verified account (secret and settings) in the keyring; a stored account only
 * gets its verification time updated. */
static void
save_account (MailSetupWindow *self)
{
  g_autoptr(MailStoredAccount) account = NULL;

  if (mail_setup_journey_get_from_keyring (self->journey))
    {
      mark_verified (self);
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
      g_strcmp0 (mail_setup_window_get_page_name (self), "result") != 0)
    return;
  mail_setup_result_page_set_app_fixes (self->result_page, fixes);
  mail_setup_result_page_set_app_differences (self->result_page, self->other_app, works);
}

/* The app's settings failed: what works instead, in that app's words, under the diagnosis. */
static void
explain_other_app (MailSetupWindow *self)
{
  guint failed = 0;

  for (guint i = 0; i < mail_setup_journey_get_results (self->journey)->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (mail_setup_journey_get_results (self->journey), i);

      if (!result->ok)
        failed |= 1u << result->protocol;
    }
  if (self->other_app == NULL || mail_setup_journey_get_secret (self->journey) == NULL || failed == 0)
    return;
  mail_setup_other_apps_explain_async (self->other_apps, self->other_app, failed, self->registry,
                                       self->tls_database, mail_setup_journey_get_secret_kind (self->journey), mail_setup_journey_get_secret (self->journey),
                                       self->lifetime, app_fixes_cb, g_object_ref (self));
}

static void
finish_check (MailSetupWindow *self)
{
  const MailCheckResult *failed = NULL;
  g_autofree char *details = NULL;

  _mail_setup_window_end_work (self);

  for (guint i = 0; i < mail_setup_journey_get_results (self->journey)->len && failed == NULL; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (mail_setup_journey_get_results (self->journey), i);

      if (!result->ok)
        failed = result;
    }

  if (failed != NULL && failed->diagnosis != NULL)
    {
      show_diagnosis (self, failed, failed->diagnosis);
      explain_other_app (self);
      return;
    }
  if (failed != NULL)
    {
      /* The core always explains a failed check; should one come without, say so plainly. */
      MailDiagnosisContext context = { .protocol = mail_protocol_to_string (failed->protocol),
                                       .stage = "unknown", .email = window_settings (self)->email,
                                       .host = failed->host, .port = failed->port,
                                       .provider_id = window_settings (self)->provider_id };

      mail_setup_journey_take_diagnosis (self->journey,
                                         mail_diagnosis_new_for_code ("unknown", &context));
      show_diagnosis (self, failed, mail_setup_journey_get_diagnosis (self->journey));
      return;
    }

  mail_setup_journey_set_verified_now (self->journey);
  mail_setup_result_page_set_success (self->result_page, window_settings (self)->email, mail_setup_journey_get_results (self->journey));
  details = _mail_setup_window_build_report (self, FALSE);
  mail_setup_result_page_set_details (self->result_page, details);
  if (mail_setup_export_page_is_available ())
    mail_setup_export_page_set_settings (self->export_page, window_settings (self), self->ca_file);
  _mail_setup_window_show_page (self, "result", TRUE);
  /* GOA's IMAP/SMTP accounts sign in with a password and are encrypted. */
  {
    g_autoptr(GVariant) goa_details = mail_goa_build_details (window_settings (self), NULL);

    mail_setup_result_page_set_goa_available (self->result_page,
                                              goa_details != NULL && mail_setup_journey_get_secret (self->journey) != NULL &&
                                              mail_setup_journey_get_secret_kind (self->journey) != MAIL_AUTH_OAUTH2);
  }
  save_account (self);
}

static void
step_started_cb (MailProbe  *probe,
                 const char *name,
                 gpointer    user_data)
{
  MailSetupWindow *self = user_data;

  /* A probe that was cancelled may still report a step: not this check's. */
  if (G_OBJECT (probe) != self->worker)
    return;
  mail_setup_checking_page_step_started (self->checking_page, self->next_check, name);
}

static void
step_finished_cb (MailProbe     *probe,
                  MailCheckStep *step,
                  gpointer       user_data)
{
  MailSetupWindow *self = user_data;

  if (G_OBJECT (probe) != self->worker)
    return;
  mail_setup_checking_page_step_finished (self->checking_page, self->next_check, step);
}

static void run_next_check (MailSetupWindow *self);

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  check = mail_probe_run_finish (MAIL_PROBE (object), result, &error);
  if (check == NULL)
    {
      if (!was_cancelled (error))
        g_critical ("A check ended without a result: %s", error ? error->message : "?");
      return;
    }

  g_ptr_array_add (mail_setup_journey_get_results (self->journey), g_steal_pointer (&check));
  self->next_check++;
  run_next_check (self);
}

static void
run_next_check (MailSetupWindow *self)
{
  const MailServer *server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  const char *fingerprint;

  while (self->next_check <= MAIL_PROTOCOL_SMTP && server == NULL)
    {
      server = self->next_check == MAIL_PROTOCOL_IMAP ? window_settings (self)->imap : window_settings (self)->smtp;
      if (server == NULL)
        self->next_check++;
    }
  if (server == NULL)
    {
      finish_check (self);
      return;
    }

  probe = mail_probe_new (server, window_settings (self)->email);
  /* The settings page asked before an untrusted server got this far. */
  g_warn_if_fail (server->trusted || server->given);
  if (mail_setup_journey_get_secret (self->journey) != NULL && (server->trusted || server->given))
    mail_probe_set_credential (probe, mail_setup_journey_get_secret_kind (self->journey), mail_setup_journey_get_secret (self->journey));
  if (window_settings (self)->provider_id != NULL)
    mail_probe_set_provider_id (probe, window_settings (self)->provider_id);
  if (mail_setup_journey_get_secret_kind (self->journey) == MAIL_AUTH_OAUTH2 && window_settings (self)->provider != NULL
      && window_settings (self)->provider->mechanisms != NULL)
    mail_probe_set_mechanisms (probe, (const char * const *) window_settings (self)->provider->mechanisms);
  if (self->tls_database != NULL)
    mail_probe_set_tls_database (probe, self->tls_database);
  {
    /* The provider's own server (when the settings were changed) and discovery's other
     * candidates. */
    g_autoptr(MailAccountSettings) known = NULL;
    g_autoptr(GPtrArray) extra = g_ptr_array_new ();
    MailServer *other;

    if (window_settings (self)->provider != NULL)
      known = mail_account_settings_new_from_provider (window_settings (self)->provider,
                                                       window_settings (self)->email);
    other = known == NULL ? NULL
            : self->next_check == MAIL_PROTOCOL_IMAP ? known->imap : known->smtp;
    if (other != NULL)
      g_ptr_array_add (extra, other);
    for (guint i = 0; window_settings (self)->other_servers != NULL
                      && i < window_settings (self)->other_servers->len; i++)
      g_ptr_array_add (extra, g_ptr_array_index (window_settings (self)->other_servers, i));
    if (extra->len > 0)
      mail_probe_set_alternatives (probe, NULL, 0, extra);
  }
  fingerprint = mail_setup_trust_store_lookup (self->trust_store, server->host);
  if (fingerprint != NULL)
    mail_probe_set_trusted_fingerprint (probe, fingerprint);

  g_signal_connect (probe, "step-started", G_CALLBACK (step_started_cb), self);
  g_signal_connect (probe, "step-finished", G_CALLBACK (step_finished_cb), self);
  g_set_object (&self->worker, G_OBJECT (probe));
  mail_probe_run_async (probe, self->cancellable, probe_done_cb, g_object_ref (self));
}

static void
get_credential_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  MailAuthKind kind = MAIL_AUTH_PASSWORD;
  char *secret;

  if (_mail_setup_window_is_gone (self))
    return;

  secret = mail_account_store_get_credential_finish (MAIL_ACCOUNT_STORE (object), result, &kind,
                                                     &diagnosis, &error);
  if (secret == NULL)
    {
      if (was_cancelled (error))
        return;
      _mail_setup_window_end_work (self);
      if (diagnosis == NULL)
        {
          MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring",
                                           .email = window_settings (self)->email, .error = error };
          diagnosis = mail_diagnose (&context);
        }
      _mail_setup_window_show_other_failure (self, g_steal_pointer (&diagnosis));
      return;
    }

  mail_setup_journey_clear_credential (self->journey);
  mail_setup_journey_take_secret (self->journey, kind, secret);
  mail_setup_checking_page_set_status (self->checking_page, NULL);
  run_next_check (self);
}

void
_mail_setup_window_start_check (MailSetupWindow *self)
{
  g_return_if_fail (window_settings (self) != NULL);

  mail_setup_journey_clear_results (self->journey);
  mail_setup_checking_page_reset (self->checking_page, window_settings (self)->email,
                                  window_settings (self)->imap, window_settings (self)->smtp);
  _mail_setup_window_show_page (self, "checking", TRUE);

  _mail_setup_window_begin_work (self);
  self->next_check = MAIL_PROTOCOL_IMAP;
  if (mail_setup_journey_get_secret (self->journey) == NULL && mail_setup_journey_get_from_keyring (self->journey))
    {
      mail_setup_checking_page_set_status (self->checking_page,
                                           _("Getting the saved sign-in from your keyring…"));
      mail_account_store_get_credential_async (self->store, window_settings (self)->email, self->cancellable,
                                               get_credential_cb, g_object_ref (self));
      return;
    }
  run_next_check (self);
}

