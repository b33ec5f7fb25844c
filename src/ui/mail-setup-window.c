/* mail-setup-window.c: the wizard's window; moves between the pages and talks to the core
 *
 * The window owns the state of one journey (the settings, the credential, the results) and
 * one GCancellable for whatever runs: discovery, the browser sign-in or the checks. Escape
 * cancels it, Back cancels it and goes back. The pages only show and ask, through actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-account-settings.h"
#include "mail-account-store.h"
#include "mail-credential.h"
#include "mail-diagnosis-error.h"
#include "mail-discovery.h"
#include "mail-file.h"
#include "mail-goa-export.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-device.h"
#include "mail-oauth-flow.h"
#include "mail-probe.h"
#include "mail-provider.h"
#include "mail-sign-in-health.h"
#include "mail-tls-database.h"

#include "mail-setup-checking-page.h"
#include "mail-setup-enable-imap-page.h"
#include "mail-setup-export-page.h"
#include "mail-setup-other-apps.h"
#include "mail-setup-report.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-trust-store.h"
#include "mail-setup-util.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"

struct _MailSetupWindow
{
  AdwApplicationWindow     parent_instance;

  /* Template */
  AdwToastOverlay         *toast_overlay;
  AdwWindowTitle          *window_title;
  GtkStack                *stack;
  MailSetupWelcomePage    *welcome_page;
  MailSetupSettingsPage   *settings_page;
  MailSetupEnableImapPage *enable_imap_page;
  MailSetupSignInPage     *sign_in_page;
  MailSetupCheckingPage   *checking_page;
  MailSetupResultPage     *result_page;
  MailSetupExportPage     *export_page;

  /* Long-lived */
  MailProviderRegistry    *registry;
  GTlsDatabase            *tls_database;   /* system + MAIL_SETUP_CA_FILE, or NULL */
  char                    *ca_file;
  MailSetupTrustStore     *trust_store;
  MailAccountStore        *store;
  GPtrArray               *history;        /* const char *: page names to go back to */
  GPtrArray               *other_apps;     /* MailOtherAppAccount *: on Welcome, or NULL */
  const MailOtherAppAccount *other_app;    /* this journey checks that app's account, or NULL */

  /* Cancelled when the window goes: keyring work that outlives a page */
  GCancellable            *lifetime;

  /* The running operation */
  GCancellable            *cancellable;
  GObject                 *worker;         /* the discovery, OAuth flow or probe running */

  /* One journey */
  MailAccountSettings     *settings;
  MailAuthKind             secret_kind;
  char                    *secret;         /* password or access token; wiped */
  char                    *refresh_token;  /* from this sign-in; wiped */
  char                    *scopes;
  gint64                   expires_at;
  gboolean                 from_keyring;   /* troubleshooting: the credential is stored */
  /* Advanced on the settings page, for the account advanced_email: the delegate signing in to
   * open it as a shared mailbox, and the provider with a Microsoft tenant; or NULL */
  char                    *advanced_email;
  char                    *delegate;
  MailProvider            *tenant_provider;
  GPtrArray               *results;        /* MailCheckResult * */
  MailDiagnosis           *diagnosis;      /* a failure outside the checks, or NULL */
  guint                    next_check;     /* MailProtocol of the next check to run */
};

G_DEFINE_FINAL_TYPE (MailSetupWindow, mail_setup_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_check        (MailSetupWindow *self);
static void show_sign_in       (MailSetupWindow *self,
                                gboolean         push);
static void load_accounts      (MailSetupWindow *self);

/* ------------------------------------------------------------------------------------------ */
/* Pages */

static void
update_navigation (MailSetupWindow *self)
{
  const char *page = mail_setup_window_get_page_name (self);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->history->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  adw_window_title_set_subtitle (self->window_title,
                                 g_strcmp0 (page, "welcome") != 0 && self->settings != NULL
                                 ? self->settings->email : NULL);
}

/* Keyboard users land on the new page, not on a widget that just went out of sight. */
static void
focus_page (MailSetupWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  /* Its first field, else its primary button, which Enter presses from anywhere. */
  if (page != NULL)
    mail_setup_page_present (page);
}

/* Shows page; push remembers the current one for Back. The checking page is never
 * remembered: going back from a result returns to where the check was started. */
static void
show_page (MailSetupWindow *self,
           const char      *name,
           gboolean         push)
{
  const char *current = mail_setup_window_get_page_name (self);

  if (g_strcmp0 (current, name) == 0)
    {
      update_navigation (self);
      return;
    }
  if (push && current != NULL && g_strcmp0 (current, "checking") != 0)
    g_ptr_array_add (self->history, (gpointer) g_intern_string (current));
  gtk_stack_set_visible_child_name (self->stack, name);
  update_navigation (self);
  focus_page (self);
}

static void
toast (MailSetupWindow *self,
       const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------------------------ */
/* The running operation */

static GCancellable *
begin_work (MailSetupWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  self->cancellable = g_cancellable_new ();
  update_navigation (self);
  return self->cancellable;
}

static void
end_work (MailSetupWindow *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  update_navigation (self);
}

/* TRUE (and nothing else to do) when error says the work was cancelled: whoever cancelled
 * it already moved on. */
static gboolean
was_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* TRUE once the window is closing: an answer arriving now has nothing left to show. */
static gboolean
window_gone (MailSetupWindow *self)
{
  return self->lifetime == NULL || g_cancellable_is_cancelled (self->lifetime);
}

static void
clear_credential (MailSetupWindow *self)
{
  g_clear_pointer (&self->secret, mail_secret_free);
  g_clear_pointer (&self->refresh_token, mail_secret_free);
  g_clear_pointer (&self->scopes, g_free);
  self->expires_at = 0;
}

static void
clear_results (MailSetupWindow *self)
{
  g_ptr_array_set_size (self->results, 0);
  g_clear_pointer (&self->diagnosis, mail_diagnosis_free);
}

static void
set_settings (MailSetupWindow     *self,
              MailAccountSettings *settings)
{
  g_clear_pointer (&self->settings, mail_account_settings_free);
  self->settings = settings;
  update_navigation (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Results */

static char *
build_report (MailSetupWindow *self,
              gboolean         json)
{
  const char *email = self->settings ? self->settings->email : NULL;
  const char *provider = self->settings ? self->settings->provider_id : NULL;

  if (json)
    return mail_setup_report_to_json (email, provider, self->results, self->diagnosis);
  return mail_setup_report_to_text (email, provider, self->results, self->diagnosis);
}

static void
show_diagnosis (MailSetupWindow       *self,
                const MailCheckResult *failed,
                const MailDiagnosis   *diagnosis)
{
  g_autofree char *details = NULL;

  mail_setup_result_page_set_enable_imap_available (self->result_page,
                                                    self->settings != NULL
                                                    && mail_setup_enable_imap_page_has_guidance (self->settings->provider));
  mail_setup_result_page_set_provider (self->result_page,
                                       self->settings != NULL ? self->settings->provider : NULL);
  mail_setup_result_page_set_failure (self->result_page, failed, diagnosis);
  mail_setup_result_page_show_checks (self->result_page, self->results);
  details = build_report (self, FALSE);
  mail_setup_result_page_set_details (self->result_page, details);
  show_page (self, "result", TRUE);
}

/* A failure outside the checks (sign-in, keyring): the window keeps the diagnosis for the
 * report. Takes diagnosis. */
static void
show_other_failure (MailSetupWindow *self,
                    MailDiagnosis   *diagnosis)
{
  clear_results (self);
  self->diagnosis = diagnosis;
  show_diagnosis (self, NULL, diagnosis);
}

static char *
keyring_label (MailSetupWindow *self)
{
  /* The label mail-account-store.h gives the item (same words, same translation). */
  return g_strdup_printf (_("Mail Setup: %s (%s)"), self->settings->email,
                          self->settings->provider_name ? self->settings->provider_name
                          : (self->settings->provider_id ? self->settings->provider_id : "-"));
}

static void
mark_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (window_gone (self))
    return;

  /* A keyring failure's message is its diagnosis's title (mail-diagnosis-error.h). */
  if (!mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
      if (!was_cancelled (error))
        mail_setup_result_page_set_saved (self->result_page, NULL, error->message);
      return;
    }
  label = keyring_label (self);
  mail_setup_result_page_set_saved (self->result_page, label, NULL);
  load_accounts (self);
}

static void
mark_verified (MailSetupWindow *self)
{
  mail_account_store_mark_verified_async (self->store, self->settings, self->lifetime,
                                          mark_verified_cb, g_object_ref (self));
}

static void
save_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;

  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
      if (!was_cancelled (error))
        mail_setup_result_page_set_saved (self->result_page, NULL, error->message);
      return;
    }
  mark_verified (self);
}

/* Saves the verified account (secret and settings) in the keyring; a stored account only
 * gets its verification time updated. */
static gboolean advanced_applies (MailSetupWindow *self);

static void
save_account (MailSetupWindow *self)
{
  g_autoptr(MailStoredAccount) account = NULL;

  if (self->from_keyring)
    {
      mark_verified (self);
      return;
    }

  account = mail_stored_account_new (self->settings);
  if (self->secret_kind == MAIL_AUTH_OAUTH2)
    {
      account->access_token = g_strdup (self->secret);
      account->refresh_token = g_strdup (self->refresh_token);
      account->expires_at = self->expires_at;
      account->scopes = g_strdup (self->scopes);
      account->signed_in_at = account->refreshed_at = g_get_real_time () / G_USEC_PER_SEC;
      if (advanced_applies (self))
        {
          account->signed_in_as = g_strdup (self->delegate);
          if (self->tenant_provider != NULL)
            account->token_url = g_strdup (self->tenant_provider->token_url);
        }
    }
  else
    account->password = g_strdup (self->secret);
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

  if (window_gone (self) || fixes == NULL ||
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

  for (guint i = 0; i < self->results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (self->results, i);

      if (!result->ok)
        failed |= 1u << result->protocol;
    }
  if (self->other_app == NULL || self->secret == NULL || failed == 0)
    return;
  mail_setup_other_apps_explain_async (self->other_apps, self->other_app, failed, self->registry,
                                       self->tls_database, self->secret_kind, self->secret,
                                       self->lifetime, app_fixes_cb, g_object_ref (self));
}

static void
finish_check (MailSetupWindow *self)
{
  const MailCheckResult *failed = NULL;
  g_autofree char *details = NULL;

  end_work (self);

  for (guint i = 0; i < self->results->len && failed == NULL; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (self->results, i);

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
                                       .stage = "unknown", .email = self->settings->email,
                                       .host = failed->host, .port = failed->port,
                                       .provider_id = self->settings->provider_id };

      g_clear_pointer (&self->diagnosis, mail_diagnosis_free);
      self->diagnosis = mail_diagnosis_new_for_code ("unknown", &context);
      show_diagnosis (self, failed, self->diagnosis);
      return;
    }

  g_clear_pointer (&self->settings->verified_at, g_date_time_unref);
  self->settings->verified_at = g_date_time_new_now_utc ();
  mail_setup_result_page_set_success (self->result_page, self->settings->email, self->results);
  details = build_report (self, FALSE);
  mail_setup_result_page_set_details (self->result_page, details);
  if (mail_setup_export_page_is_available ())
    mail_setup_export_page_set_settings (self->export_page, self->settings, self->ca_file);
  show_page (self, "result", TRUE);
  /* GOA's IMAP/SMTP accounts sign in with a password and are encrypted. */
  {
    g_autoptr(GVariant) goa_details = mail_goa_build_details (self->settings, NULL);

    mail_setup_result_page_set_goa_available (self->result_page,
                                              goa_details != NULL && self->secret != NULL &&
                                              self->secret_kind != MAIL_AUTH_OAUTH2);
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

  if (window_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  check = mail_probe_run_finish (MAIL_PROBE (object), result, &error);
  if (check == NULL)
    {
      if (!was_cancelled (error))
        g_critical ("A check ended without a result: %s", error ? error->message : "?");
      return;
    }

  g_ptr_array_add (self->results, g_steal_pointer (&check));
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
      server = self->next_check == MAIL_PROTOCOL_IMAP ? self->settings->imap : self->settings->smtp;
      if (server == NULL)
        self->next_check++;
    }
  if (server == NULL)
    {
      finish_check (self);
      return;
    }

  probe = mail_probe_new (server, self->settings->email);
  /* The settings page asked before an untrusted server got this far. */
  g_warn_if_fail (server->trusted || server->given);
  if (self->secret != NULL && (server->trusted || server->given))
    mail_probe_set_credential (probe, self->secret_kind, self->secret);
  if (self->settings->provider_id != NULL)
    mail_probe_set_provider_id (probe, self->settings->provider_id);
  if (self->secret_kind == MAIL_AUTH_OAUTH2 && self->settings->provider != NULL
      && self->settings->provider->mechanisms != NULL)
    mail_probe_set_mechanisms (probe, (const char * const *) self->settings->provider->mechanisms);
  if (self->tls_database != NULL)
    mail_probe_set_tls_database (probe, self->tls_database);
  {
    /* The provider's own server (when the settings were changed) and discovery's other
     * candidates. */
    g_autoptr(MailAccountSettings) known = NULL;
    g_autoptr(GPtrArray) extra = g_ptr_array_new ();
    MailServer *other;

    if (self->settings->provider != NULL)
      known = mail_account_settings_new_from_provider (self->settings->provider,
                                                       self->settings->email);
    other = known == NULL ? NULL
            : self->next_check == MAIL_PROTOCOL_IMAP ? known->imap : known->smtp;
    if (other != NULL)
      g_ptr_array_add (extra, other);
    for (guint i = 0; self->settings->other_servers != NULL
                      && i < self->settings->other_servers->len; i++)
      g_ptr_array_add (extra, g_ptr_array_index (self->settings->other_servers, i));
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

  if (window_gone (self))
    return;

  secret = mail_credential_get_finish (result, &kind, NULL, &error);
  if (secret == NULL)
    {
      if (was_cancelled (error))
        return;
      end_work (self);
      if (mail_diagnosis_from_error (error) != NULL)
        diagnosis = mail_diagnosis_copy (mail_diagnosis_from_error (error));
      else
        {
          MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring",
                                           .email = self->settings->email, .error = error };
          diagnosis = mail_diagnose (&context);
        }
      show_other_failure (self, g_steal_pointer (&diagnosis));
      return;
    }

  clear_credential (self);
  self->secret = secret;
  self->secret_kind = kind;
  mail_setup_checking_page_set_status (self->checking_page, NULL);
  run_next_check (self);
}

static void
start_check (MailSetupWindow *self)
{
  g_return_if_fail (self->settings != NULL);

  clear_results (self);
  mail_setup_checking_page_reset (self->checking_page, self->settings->email,
                                  self->settings->imap, self->settings->smtp);
  show_page (self, "checking", TRUE);

  begin_work (self);
  self->next_check = MAIL_PROTOCOL_IMAP;
  if (self->secret == NULL && self->from_keyring)
    {
      mail_setup_checking_page_set_status (self->checking_page,
                                           _("Getting the saved sign-in from your keyring…"));
      mail_credential_get_async (self->store, self->settings->email, 0, self->cancellable,
                                 get_credential_cb, g_object_ref (self));
      return;
    }
  run_next_check (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Welcome: stored accounts */

static void
list_accounts_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new_with_free_func (g_free);

  if (window_gone (self))
    return;

  accounts = mail_account_store_list_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (accounts == NULL && was_cancelled (error))
    return;
  mail_setup_welcome_page_set_loading (self->welcome_page, FALSE);
  if (accounts == NULL)
    {
      mail_setup_welcome_page_set_accounts_error (self->welcome_page, error->message);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      const MailStoredAccount *account = g_ptr_array_index (accounts, i);
      const MailAccountSettings *settings = account->settings;
      g_autofree char *checked = NULL;

      if (settings == NULL || settings->email == NULL)
        continue;
      if (settings->verified_at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (settings->verified_at);
          /* Translators: a date, strftime format: "3 December 2026" */
          g_autofree char *date = g_date_time_format (local, _("%-d %B %Y"));

          /* Translators: %s is a date */
          checked = g_strdup_printf (_("last checked %s"), date);
        }
      g_ptr_array_add (emails, g_strdup (settings->email));
      {
        /* Sign-in health: when tokens were last obtained, and when the sign-in ends. */
        MailSignInHealth health = mail_sign_in_health (account, settings->provider);
        g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
        g_auto(GStrv) joined = NULL;

        g_strv_builder_add (parts, settings->provider_name ? settings->provider_name
                                                           : _("Other provider"));
        g_strv_builder_add (parts, mail_setup_auth_label (settings->auth));
        if (checked != NULL)
          g_strv_builder_add (parts, checked);
        if (settings->auth == MAIL_AUTH_OAUTH2 && account->refreshed_at > 0)
          {
            g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (account->refreshed_at);
            g_autofree char *date = g_date_time_format (time, "%x");
            /* Translators: %s is a date */
            g_autofree char *text = g_strdup_printf (_("signed in or renewed %s"), date);

            g_strv_builder_add (parts, text);
          }
        if (health.end != MAIL_SIGN_IN_END_NONE)
          {
            g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (health.ends_at);
            g_autofree char *date = g_date_time_format (time, "%x");
            gboolean soon = health.ends_at - g_get_real_time () / G_USEC_PER_SEC
                            <= MAIL_SIGN_IN_WARN_SECONDS;
            /* Translators: %s is a date */
            g_autofree char *text = g_strdup_printf (health.end == MAIL_SIGN_IN_END_TESTING
                                                       ? _("sign-in may end %s")
                                                       : _("sign-in ends %s if unused"), date);
            g_autofree char *marked = soon ? g_strconcat ("⚠ ", text, NULL) : g_strdup (text);

            g_strv_builder_add (parts, marked);
          }
        joined = g_strv_builder_end (parts);
        g_ptr_array_add (descriptions, g_strjoinv (" · ", joined));
      }
    }
  mail_setup_welcome_page_set_accounts_error (self->welcome_page, NULL);
  mail_setup_welcome_page_set_accounts (self->welcome_page, emails, descriptions);
}

static void
other_apps_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GPtrArray) accounts = mail_setup_other_apps_read_finish (result, NULL);
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GPtrArray) subtitles = NULL;

  if (window_gone (self) || accounts == NULL)
    return;
  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  self->other_apps = g_steal_pointer (&accounts);
  mail_setup_other_apps_describe (self->other_apps, &titles, &subtitles);
  mail_setup_welcome_page_set_other_apps (self->welcome_page, titles, subtitles);
}

static void
load_accounts (MailSetupWindow *self)
{
  mail_setup_welcome_page_set_loading (self->welcome_page, TRUE);
  mail_account_store_list_async (self->store, self->lifetime, list_accounts_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Discovery */

static void
show_settings (MailSetupWindow     *self,
               MailAccountSettings *settings)
{
  set_settings (self, settings);
  mail_setup_settings_page_set_settings (self->settings_page, self->settings);
}

static const char *
discovery_source_label (MailDiscoverySource source)
{
  switch (source)
    {
    case MAIL_DISCOVERY_SOURCE_PROVIDER:
      return _("Provider files");
    case MAIL_DISCOVERY_SOURCE_AUTOCONFIG:
      return _("The domain’s autoconfig");
    case MAIL_DISCOVERY_SOURCE_WELL_KNOWN:
      return _("The domain’s well-known autoconfig");
    case MAIL_DISCOVERY_SOURCE_MX_PROVIDER:
      return _("MX record");
    case MAIL_DISCOVERY_SOURCE_MX_AUTOCONFIG:
      return _("Autoconfig of the mail host’s domain");
    case MAIL_DISCOVERY_SOURCE_SRV:
      return _("SRV records");
    case MAIL_DISCOVERY_SOURCE_ISPDB:
      return _("Thunderbird ISP database");
    case MAIL_DISCOVERY_SOURCE_MX_ISPDB:
      return _("ISP database for the mail host’s domain");
    case MAIL_DISCOVERY_SOURCE_GUESS:
      return _("Guessed server names");
    case MAIL_DISCOVERY_SOURCE_PLAIN_HTTP:
      return _("Autoconfig over plain HTTP");
    case MAIL_DISCOVERY_N_SOURCES:
    default:
      return "?";
    }
}

static void
show_lookups (MailSetupWindow *self,
              MailDiscovery   *discovery)
{
  GPtrArray *lookups = mail_discovery_get_lookups (discovery);

  mail_setup_settings_page_clear_lookups (self->settings_page);
  for (guint i = 0; lookups != NULL && i < lookups->len; i++)
    {
      const MailDiscoveryLookup *lookup = g_ptr_array_index (lookups, i);

      mail_setup_settings_page_add_lookup (self->settings_page, discovery_source_label (lookup->source),
                                           lookup->query, lookup->outcome, lookup->found, lookup->ms);
    }
}

static void
discovery_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  MailAccountSettings *settings;

  if (window_gone (self))
    return;

  settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, &error);
  if (settings == NULL && was_cancelled (error))
    return;
  show_lookups (self, MAIL_DISCOVERY (object));
  end_work (self);
  if (settings == NULL)
    {
      /* Nothing found: the person types the servers in, with the core's reason on top. */
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

      settings = mail_account_settings_new (mail_setup_welcome_page_get_email (self->welcome_page));
      if (settings->notes == NULL)
        settings->notes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (settings->notes, g_strdup (diagnosis != NULL ? diagnosis->explanation
                                                                    : error->message));
    }
  show_settings (self, settings);
}

static void
discover (MailSetupWindow *self,
          const char      *email)
{
  g_autoptr(MailDiscovery) discovery = mail_discovery_new (self->registry);

  mail_setup_settings_page_set_searching (self->settings_page, email);
  mail_setup_settings_page_clear_lookups (self->settings_page);
  show_page (self, "settings", TRUE);

  if (self->tls_database != NULL)
    mail_discovery_set_tls_database (discovery, self->tls_database);
  begin_work (self);
  g_set_object (&self->worker, G_OBJECT (discovery));
  mail_discovery_run_async (discovery, email, self->cancellable, discovery_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Sign-in */

static gboolean
advanced_applies (MailSetupWindow *self)
{
  return self->settings != NULL && self->advanced_email != NULL &&
         g_strcmp0 (self->advanced_email, self->settings->email) == 0;
}

/* The provider to sign in with: with the tenant given in Advanced, else the account's. */
static MailProvider *
sign_in_provider (MailSetupWindow *self)
{
  if (advanced_applies (self) && self->tenant_provider != NULL)
    return self->tenant_provider;
  return self->settings->provider;
}

/* Who signs in: the delegate for a shared mailbox, else the account's own address. */
static const char *
sign_in_email (MailSetupWindow *self)
{
  if (advanced_applies (self) && self->delegate != NULL)
    return self->delegate;
  return self->settings->email;
}

static void
authorize_url_cb (MailOAuthFlow *flow,
                  const char    *url,
                  gpointer       user_data)
{
  MailSetupWindow *self = user_data;

  mail_setup_sign_in_page_set_auth_url (self->sign_in_page, url);
}

static gboolean start_device_flow_idle (gpointer user_data);

static void
browser_failed_cb (MailOAuthFlow *flow,
                   const char    *message,
                   gpointer       user_data)
{
  MailSetupWindow *self = user_data;

  /* No browser here (a remote session, a kiosk): sign in with a code on another device. */
  if (self->settings != NULL && self->settings->provider != NULL &&
      sign_in_provider (self)->device_authorization_url != NULL)
    {
      g_idle_add (start_device_flow_idle, g_object_ref (self));
      return;
    }
  mail_setup_sign_in_page_set_message (self->sign_in_page,
                                       _("The browser could not be opened. Copy the link and open it in a browser yourself."));
}

static void oauth_finished (MailSetupWindow *self,
                            MailOAuthTokens *tokens,
                            GError          *error);

static void
device_user_code_cb (MailOAuthDeviceFlow *flow,
                     const char          *user_code,
                     const char          *verification_uri,
                     const char          *verification_uri_complete,
                     gint64               expires_in,
                     gpointer             user_data)
{
  MailSetupWindow *self = user_data;

  mail_setup_sign_in_page_show_device_code (self->sign_in_page, verification_uri, user_code);
  mail_setup_sign_in_page_set_auth_url (self->sign_in_page,
                                        verification_uri_complete != NULL
                                          ? verification_uri_complete : verification_uri);
}

static void
device_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_device_flow_run_finish (MAIL_OAUTH_DEVICE_FLOW (object), result, &error);
  if (tokens == NULL && was_cancelled (error))
    return;
  end_work (self);
  oauth_finished (self, g_steal_pointer (&tokens), g_steal_pointer (&error));
}

static gboolean
start_device_flow_idle (gpointer user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthDeviceFlow) flow = NULL;

  if (window_gone (self) || self->settings == NULL || self->settings->provider == NULL ||
      sign_in_provider (self)->device_authorization_url == NULL)
    return G_SOURCE_REMOVE;

  flow = mail_oauth_device_flow_new (sign_in_provider (self), sign_in_email (self));
  if (self->tls_database != NULL)
    mail_oauth_device_flow_set_tls_database (flow, self->tls_database);
  g_signal_connect (flow, "user-code", G_CALLBACK (device_user_code_cb), self);
  /* Ends the browser sign-in that is still waiting. */
  begin_work (self);
  g_set_object (&self->worker, G_OBJECT (flow));
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_WAITING);
  mail_oauth_device_flow_run_async (flow, self->cancellable, device_done_cb,
                                    g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
oauth_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &error);
  if (tokens == NULL && was_cancelled (error))
    return;
  end_work (self);
  oauth_finished (self, g_steal_pointer (&tokens), g_steal_pointer (&error));
}

/* Takes tokens and error (a MAIL_DIAGNOSIS_ERROR when they are NULL). */
static void
oauth_finished (MailSetupWindow *self,
                MailOAuthTokens *tokens_in,
                GError          *error_in)
{
  g_autoptr(MailOAuthTokens) tokens = tokens_in;
  g_autoptr(GError) error = error_in;

  if (tokens == NULL)
    {
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

      mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
      if (diagnosis != NULL && g_strcmp0 (diagnosis->code, "oauth-client-id-missing") == 0)
        {
          show_sign_in (self, FALSE);
          return;
        }
      g_return_if_fail (diagnosis != NULL);
      show_other_failure (self, mail_diagnosis_copy (diagnosis));
      return;
    }

  clear_credential (self);
  self->secret_kind = MAIL_AUTH_OAUTH2;
  self->secret = g_strdup (tokens->access_token);
  self->refresh_token = g_strdup (tokens->refresh_token);
  self->scopes = g_strdup (tokens->scope);
  self->expires_at = tokens->expires_at;
  self->from_keyring = FALSE;
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  start_check (self);
}

/* The account's sign-in kind, kept the same on both servers. */
static void
set_auth (MailSetupWindow *self,
          MailAuthKind     auth)
{
  self->settings->auth = auth;
  if (self->settings->imap != NULL)
    self->settings->imap->auth = auth;
  if (self->settings->smtp != NULL)
    self->settings->smtp->auth = auth;
}

static gboolean
client_id_configured (MailSetupWindow *self)
{
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  g_autofree char *source = NULL;

  return self->settings->provider == NULL
         || mail_oauth_client_id_resolve (self->settings->provider, &client_id, &client_secret, &source);
}

static void
show_sign_in (MailSetupWindow *self,
              gboolean         push)
{
  const MailProvider *provider = self->settings->provider;
  MailAuthKind auth;
  MailSetupSignInMode mode;

  /* Browser sign-in needs the provider's OAuth2 endpoints; without them, a password. */
  if (self->settings->auth == MAIL_AUTH_OAUTH2 && (provider == NULL || !provider->has_oauth))
    set_auth (self, MAIL_AUTH_PASSWORD);
  /* No client ID in this build: an app password where the provider takes one (Gmail), never
   * registration instructions on the way; elsewhere a plain page says what to do. */
  if (self->settings->auth == MAIL_AUTH_OAUTH2 && !client_id_configured (self))
    {
      if (mail_provider_supports_auth (provider, MAIL_AUTH_APP_PASSWORD))
        set_auth (self, MAIL_AUTH_APP_PASSWORD);
      else if (mail_provider_supports_auth (provider, MAIL_AUTH_PASSWORD))
        set_auth (self, MAIL_AUTH_PASSWORD);
    }
  auth = self->settings->auth;

  mail_setup_sign_in_page_set_account (self->sign_in_page, self->settings->email,
                                       self->settings->provider_name, auth,
                                       provider ? provider->app_password_url : NULL);
  mail_setup_sign_in_page_set_message (self->sign_in_page, NULL);
  if (auth == MAIL_AUTH_OAUTH2)
    mode = client_id_configured (self) ? MAIL_SETUP_SIGN_IN_OAUTH : MAIL_SETUP_SIGN_IN_CLIENT_ID;
  else
    mode = MAIL_SETUP_SIGN_IN_PASSWORD;
  mail_setup_sign_in_page_set_mode (self->sign_in_page, mode);
  show_page (self, "sign-in", push);
}

/* ------------------------------------------------------------------------------------------ */
/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *previous;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  end_work (self);
  if (self->history->len == 0)
    return;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  if (g_strcmp0 (previous, "sign-in") == 0
      && mail_setup_sign_in_page_get_mode (self->sign_in_page) == MAIL_SETUP_SIGN_IN_WAITING)
    mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  if (g_strcmp0 (previous, "settings") == 0 && self->settings != NULL)
    mail_setup_settings_page_set_settings (self->settings_page, self->settings);
  show_page (self, previous, FALSE);
  if (g_strcmp0 (previous, "welcome") == 0)
    mail_setup_welcome_page_focus_email (self->welcome_page);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *page = mail_setup_window_get_page_name (self);

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  end_work (self);

  if (g_strcmp0 (page, "sign-in") == 0)
    {
      mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
      toast (self, _("Sign-in cancelled"));
    }
  else
    {
      toast (self, g_strcmp0 (page, "checking") == 0 ? _("Check cancelled") : _("Search cancelled"));
      back_action (widget, NULL, NULL);
    }
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *email = g_variant_get_string (param, NULL);

  if (!mail_email_validate (email, NULL))
    return;
  clear_credential (self);
  clear_results (self);
  self->from_keyring = FALSE;
  self->other_app = NULL;
  set_settings (self, mail_account_settings_new (email));
  discover (self, email);
}

static void
forget_account_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;
  if (!mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    toast (self, error->message);
  else
    toast (self, _("Account removed"));
  load_accounts (self);
}

/* The welcome page asked first. */
static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  mail_account_store_forget_async (self->store, g_variant_get_string (param, NULL), self->lifetime,
                                   forget_account_cb, g_object_ref (self));
}

static void
load_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;

  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (account == NULL && was_cancelled (error))
    return;
  end_work (self);
  if (account == NULL)
    {
      if (mail_diagnosis_from_error (error) != NULL)
        show_other_failure (self, mail_diagnosis_copy (mail_diagnosis_from_error (error)));
      else
        toast (self, error->message);
      return;
    }

  set_settings (self, mail_account_settings_copy (account->settings));
  mail_setup_settings_page_set_settings (self->settings_page, self->settings);
  self->from_keyring = TRUE;
  start_check (self);
}

static void
troubleshoot_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *email = g_variant_get_string (param, NULL);

  clear_credential (self);
  clear_results (self);
  self->other_app = NULL;
  set_settings (self, mail_account_settings_new (email));
  begin_work (self);
  mail_account_store_load_async (self->store, email, self->cancellable, load_account_cb,
                                 g_object_ref (self));
}

/* An account of another mail app: checked with that app's servers, after the sign-in. */
static void
check_other_app_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);

  if (self->other_apps == NULL || index >= self->other_apps->len)
    return;
  clear_credential (self);
  clear_results (self);
  self->from_keyring = FALSE;
  self->other_app = g_ptr_array_index (self->other_apps, index);
  set_settings (self, mail_setup_other_apps_settings (self->other_app, self->registry));
  mail_setup_settings_page_set_settings (self->settings_page, self->settings);
  show_sign_in (self, TRUE);
}

static void
goa_added_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mail_goa_add_account_finish (result, &error);

  if (window_gone (self))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-to-goa", TRUE);
  if (path == NULL)
    {
      toast (self, error->message);
      return;
    }
  mail_setup_result_page_set_goa_available (self->result_page, FALSE);
  toast (self, _("Added to GNOME Online Accounts"));
}

static void
add_to_goa_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL || self->secret == NULL || self->secret_kind == MAIL_AUTH_OAUTH2)
    return;
  gtk_widget_action_set_enabled (widget, "win.add-to-goa", FALSE);
  mail_goa_add_account_async (self->settings, self->secret, self->lifetime, goa_added_cb,
                              g_object_ref (self));
}

static void
settings_continue_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  MailServer *imap = NULL;
  MailServer *smtp = NULL;
  MailAuthKind auth;

  if (self->settings == NULL
      || !mail_setup_settings_page_get_servers (self->settings_page, &imap, &smtp, &auth))
    return;

  g_clear_pointer (&self->settings->imap, mail_server_free);
  g_clear_pointer (&self->settings->smtp, mail_server_free);
  self->settings->imap = imap;
  self->settings->smtp = smtp;
  if (auth != self->settings->auth)
    clear_credential (self);
  self->settings->auth = auth;

  /* Advanced: a shared mailbox (its user name for the delegate's token) and a tenant. */
  {
    g_autofree char *delegate = mail_setup_settings_page_dup_delegate (self->settings_page);
    g_autofree char *tenant = mail_setup_settings_page_dup_tenant (self->settings_page);

    if (g_strcmp0 (delegate, self->delegate) != 0 || tenant != NULL ||
        self->tenant_provider != NULL)
      clear_credential (self);
    g_free (self->advanced_email);
    self->advanced_email = g_strdup (self->settings->email);
    g_free (self->delegate);
    self->delegate = g_steal_pointer (&delegate);
    g_clear_pointer (&self->tenant_provider, mail_provider_unref);
    if (tenant != NULL && self->settings->provider != NULL)
      self->tenant_provider = mail_provider_with_tenant (self->settings->provider, tenant, NULL);
    if (self->delegate != NULL && self->settings->provider != NULL)
      {
        MailServer *servers[] = { self->settings->imap, self->settings->smtp };

        for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
          if (servers[i] != NULL)
            {
              g_free (servers[i]->username);
              servers[i]->username = mail_provider_shared_username (self->settings->provider,
                                                                    self->settings->email,
                                                                    self->delegate);
            }
      }
  }

  /* Before sign-in only where IMAP starts turned off; elsewhere after an imap-disabled check. */
  if (self->settings->provider != NULL && self->settings->provider->imap_off_by_default
      && mail_setup_enable_imap_page_has_guidance (self->settings->provider))
    {
      mail_setup_enable_imap_page_set_provider (self->enable_imap_page, self->settings->provider,
                                                self->settings->email);
      mail_setup_enable_imap_page_set_after_check (self->enable_imap_page, FALSE);
      show_page (self, "enable-imap", TRUE);
      return;
    }
  show_sign_in (self, TRUE);
}

static void
enable_imap_done_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  /* Back here after a failed check: the sign-in still holds, check again at once. */
  if (self->secret != NULL || self->from_keyring)
    start_check (self);
  else
    show_sign_in (self, TRUE);
}

static void
go_enable_imap_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL || !mail_setup_enable_imap_page_has_guidance (self->settings->provider))
    return;
  if (self->settings->provider != NULL)
    mail_setup_enable_imap_page_set_provider (self->enable_imap_page, self->settings->provider,
                                              self->settings->email);
  mail_setup_enable_imap_page_set_after_check (self->enable_imap_page, TRUE);
  show_page (self, "enable-imap", TRUE);
}

static void
oauth_start_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  g_autoptr(MailOAuthFlow) flow = NULL;

  if (self->settings == NULL || self->settings->provider == NULL || !self->settings->provider->has_oauth)
    return;

  flow = mail_oauth_flow_new (sign_in_provider (self), sign_in_email (self));
  if (self->tls_database != NULL)
    mail_oauth_flow_set_tls_database (flow, self->tls_database);
  g_signal_connect (flow, "authorize-url", G_CALLBACK (authorize_url_cb), self);
  g_signal_connect (flow, "browser-failed", G_CALLBACK (browser_failed_cb), self);
  begin_work (self);
  g_set_object (&self->worker, G_OBJECT (flow));
  mail_setup_sign_in_page_set_message (self->sign_in_page, NULL);
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_WAITING);
  mail_oauth_flow_run_async (flow, self->cancellable, oauth_done_cb, g_object_ref (self));
}

static void
sign_in_password_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  char *password = mail_setup_sign_in_page_take_password (self->sign_in_page);

  if (password == NULL || *password == '\0')
    {
      mail_secret_free (password);
      return;
    }
  clear_credential (self);
  self->secret = password;
  self->secret_kind = self->settings->auth == MAIL_AUTH_APP_PASSWORD ? MAIL_AUTH_APP_PASSWORD
                                                                     : MAIL_AUTH_PASSWORD;
  self->from_keyring = FALSE;
  start_check (self);
}

static void
use_password_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL)
    return;
  set_auth (self, self->settings->provider != NULL
                  && mail_provider_supports_auth (self->settings->provider, MAIL_AUTH_APP_PASSWORD)
                  && !mail_provider_supports_auth (self->settings->provider, MAIL_AUTH_PASSWORD)
                  ? MAIL_AUTH_APP_PASSWORD : MAIL_AUTH_PASSWORD);
  show_sign_in (self, FALSE);
}

static void
save_client_id_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mail_oauth_settings_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *key = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autofree char *client_id = g_strstrip (g_strdup (mail_setup_sign_in_page_get_client_id (self->sign_in_page)));

  if (self->settings == NULL || self->settings->provider == NULL || *client_id == '\0')
    return;

  /* The settings file mail-oauth-client-id.h reads first; a small local key file. */
  mail_file_load_key_file (keyfile, path, MAIL_OAUTH_SETTINGS_MAX_BYTES,
                           G_KEY_FILE_KEEP_COMMENTS, NULL);
  key = g_strdup_printf ("%s-client-id", self->settings->provider->id);
  g_key_file_set_string (keyfile, "OAuth2", key, client_id);
  data = g_key_file_to_data (keyfile, &length, NULL);
  /* Private: a user may keep a (Google desktop) client secret in it. */
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      /* Translators: %s is a file path */
      g_autofree char *message = g_strdup_printf (_("Could not save the client ID in %s"), path);
      mail_setup_sign_in_page_set_message (self->sign_in_page, message);
      return;
    }
  toast (self, _("Client ID saved"));
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  oauth_start_action (widget, NULL, NULL);
}

static void
sign_in_again_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL)
    return;
  clear_credential (self);
  /* A fresh sign-in replaces the saved one when the check passes. */
  self->from_keyring = FALSE;
  show_sign_in (self, TRUE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL)
    return;
  if (self->secret == NULL && !self->from_keyring && self->settings->auth != MAIL_AUTH_NONE)
    {
      show_sign_in (self, TRUE);
      return;
    }
  start_check (self);
}

/* "Use Port N with TLS and Check Again": the settings the core found working on the same host
 * replace the failed ones, and the whole check runs again (signing in only now). */
static void
use_suggested_settings_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const MailCheckResult *failed = NULL;
  MailServer *server;

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < self->results->len && failed == NULL; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (self->results, i);

      if (!result->ok && result->suggestion != NULL)
        failed = result;
    }
  if (failed == NULL)
    return;
  server = failed->protocol == MAIL_PROTOCOL_IMAP ? self->settings->imap : self->settings->smtp;
  if (server == NULL || g_ascii_strcasecmp (server->host, failed->suggestion->host) != 0)
    return;
  server->port = failed->suggestion->port;
  server->security = failed->suggestion->security;
  retry_action (widget, "win.retry", NULL);
}

static void
edit_settings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (self->settings == NULL)
    return;
  mail_setup_settings_page_set_settings (self->settings_page, self->settings);
  mail_setup_settings_page_set_editing (self->settings_page, TRUE);
  show_page (self, "settings", TRUE);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  /* The account works and the success page said what to do next: nothing left here. */
  clear_credential (self);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (!mail_setup_export_page_is_available () || self->settings == NULL
      || self->settings->verified_at == NULL)
    return;
  mail_setup_export_page_set_settings (self->export_page, self->settings, self->ca_file);
  show_page (self, "export", TRUE);
}

static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  const char *url = g_variant_get_string (param, NULL);

  /* Only web pages: a provider file must not make the wizard open anything else. */
  if (!mail_setup_is_web_url (url))
    return;
  gtk_show_uri (GTK_WINDOW (widget), url, GDK_CURRENT_TIME);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  toast (MAIL_SETUP_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  g_autofree char *report = build_report (self, FALSE);
  char *json = build_report (self, TRUE);
  g_autoptr(GBytes) json_bytes = g_bytes_new_take (json, strlen (json));
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];

  /* Text where text is pasted; the CLI's JSON for whatever asks for application/json. */
  providers[0] = gdk_content_provider_new_typed (G_TYPE_STRING, report);
  providers[1] = gdk_content_provider_new_for_bytes ("application/json", json_bytes);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
  toast (self, _("Report copied"));
}

static void
report_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (window_gone (self))
    return;
  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    toast (self, _("Report saved"));
  else
    toast (self, error->message);
}

static void
report_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            gpointer         user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      char *report;
      g_autoptr(GBytes) bytes = NULL;

      name = g_file_get_basename (file);
      report = build_report (self, g_str_has_suffix (name, ".json"));
      bytes = g_bytes_new_take (report, strlen (report));
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->lifetime, report_saved_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "mail-setup-report.txt");
  g_signal_connect (chooser, "response", G_CALLBACK (report_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const MailCertificateInfo *
untrusted_certificate (MailSetupWindow  *self,
                       const char      **host)
{
  for (guint i = 0; i < self->results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (self->results, i);

      /* Only an unknown issuer or another name may be a server's own certificate; an
       * expired one is never trusted. */
      if (!result->ok && result->diagnosis != NULL && result->diagnosis->certificate != NULL
          && (g_strcmp0 (result->diagnosis->code, "tls-untrusted") == 0
              || g_strcmp0 (result->diagnosis->code, "tls-hostname-mismatch") == 0))
        {
          *host = result->host;
          return result->diagnosis->certificate;
        }
    }
  return NULL;
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  MailSetupWindow *self = user_data;
  /* Exactly what the dialog showed, not whatever the results hold by now. */
  const char *host = g_object_get_data (G_OBJECT (dialog), "host");
  const char *sha256 = g_object_get_data (G_OBJECT (dialog), "sha256");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "trust") != 0 || host == NULL || sha256 == NULL)
    return;
  if (!mail_setup_trust_store_add (self->trust_store, host, sha256, &error))
    {
      toast (self, error->message);
      return;
    }
  start_check (self);
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const MailCertificateInfo *info;
  const char *host = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  info = untrusted_certificate (self, &host);
  if (info == NULL || info->sha256 == NULL)
    return;

  /* Translators: %s is a host name */
  heading = g_strdup_printf (_("Trust the Certificate of %s?"), host);
  /* Translators: %s is a certificate fingerprint */
  body = g_strdup_printf (_("Mail Setup will accept this certificate for this server only, and only as long as its fingerprint stays\n%s\n\n"
                            "If someone else is pretending to be your server, they could read your password and your mail. "
                            "Only continue if you know this server uses its own certificate."),
                          info->sha256);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Check Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "host", g_strdup (host), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "sha256", g_strdup (info->sha256), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  static const char *developers[] = { "The Mail Setup contributors", NULL };

  adw_show_about_window (GTK_WINDOW (widget),
                         "application-name", _("Mail Setup"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Mail Setup contributors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Set up a mail account and find out why it does not work"),
                         "website", "https://github.com/mailsetup/mail-setup",
                         "issue-url", "https://github.com/mailsetup/mail-setup/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Setup */

static void
load_environment (MailSetupWindow *self)
{
  const char *files = g_getenv ("MAIL_SETUP_PROVIDER_FILES");
  const char *ca_file = g_getenv ("MAIL_SETUP_CA_FILE");

  if (files != NULL && *files != '\0')
    {
      g_auto(GStrv) paths = g_strsplit (files, ":", -1);

      for (guint i = 0; paths[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;

          if (*paths[i] != '\0' && !mail_provider_registry_load_file (self->registry, paths[i], &error))
            g_message ("Provider file skipped: %s", error->message);
        }
    }

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GError) error = NULL;

      self->tls_database = mail_tls_database_new (ca_file, &error);
      if (self->tls_database == NULL)
        g_message ("MAIL_SETUP_CA_FILE ignored: %s", error->message);
      else
        self->ca_file = g_strdup (ca_file);
    }
}

static void
mail_setup_window_dispose (GObject *object)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (object);

  if (self->lifetime != NULL)
    g_cancellable_cancel (self->lifetime);
  g_clear_object (&self->lifetime);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  clear_credential (self);
  g_clear_pointer (&self->advanced_email, g_free);
  g_clear_pointer (&self->delegate, g_free);
  g_clear_pointer (&self->tenant_provider, mail_provider_unref);
  if (self->results != NULL)
    clear_results (self);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->settings, mail_account_settings_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->trust_store);
  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  gtk_widget_dispose_template (GTK_WIDGET (self), MAIL_SETUP_TYPE_WINDOW);

  G_OBJECT_CLASS (mail_setup_window_parent_class)->dispose (object);
}

static void
mail_setup_window_class_init (MailSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_window_dispose;

  g_type_ensure (MAIL_SETUP_TYPE_WELCOME_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_SETTINGS_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_ENABLE_IMAP_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_SIGN_IN_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_CHECKING_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_RESULT_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_EXPORT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, settings_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, enable_imap_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, checking_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, result_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, export_page);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", "s", add_account_action);
  gtk_widget_class_install_action (widget_class, "win.troubleshoot", "s", troubleshoot_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", "s", remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.settings-continue", NULL, settings_continue_action);
  gtk_widget_class_install_action (widget_class, "win.enable-imap-done", NULL, enable_imap_done_action);
  gtk_widget_class_install_action (widget_class, "win.go-enable-imap", NULL, go_enable_imap_action);
  gtk_widget_class_install_action (widget_class, "win.oauth-start", NULL, oauth_start_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-password", NULL, sign_in_password_action);
  gtk_widget_class_install_action (widget_class, "win.use-password", NULL, use_password_action);
  gtk_widget_class_install_action (widget_class, "win.save-client-id", NULL, save_client_id_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-again", NULL, sign_in_again_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.edit-settings", NULL, edit_settings_action);
  gtk_widget_class_install_action (widget_class, "win.use-suggested-settings", NULL,
                                   use_suggested_settings_action);
  gtk_widget_class_install_action (widget_class, "win.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "win.show-export", NULL, show_export_action);
  gtk_widget_class_install_action (widget_class, "win.trust-certificate", NULL, trust_certificate_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.open-url", "s", open_url_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.check-other-app", "u", check_other_app_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-goa", NULL, add_to_goa_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
}

static void
mail_setup_window_init (MailSetupWindow *self)
{
  g_autofree char *trust_file = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new ();
  self->lifetime = g_cancellable_new ();
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
  self->registry = mail_provider_registry_new ();
  mail_provider_registry_load_defaults (self->registry);
  load_environment (self);
  trust_file = g_strdup (g_getenv ("MAIL_SETUP_TRUST_FILE"));
  self->trust_store = mail_setup_trust_store_new (trust_file && *trust_file ? trust_file : NULL);
  self->store = mail_account_store_new (self->registry);

  mail_setup_result_page_set_export_available (self->result_page, mail_setup_export_page_is_available ());
  update_navigation (self);
  load_accounts (self);
  focus_page (self);
  mail_setup_other_apps_read_async (self->lifetime, other_apps_cb, g_object_ref (self));
}

MailSetupWindow *
mail_setup_window_new (GtkApplication *application)
{
  return g_object_new (MAIL_SETUP_TYPE_WINDOW, "application", application, NULL);
}

const char *
mail_setup_window_get_page_name (MailSetupWindow *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
mail_setup_window_get_page (MailSetupWindow *self,
                            const char      *name)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->stack, name);
}

gboolean
mail_setup_window_get_busy (MailSetupWindow *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

char *
mail_setup_window_dup_report (MailSetupWindow *self,
                              gboolean         json)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return build_report (self, json);
}
