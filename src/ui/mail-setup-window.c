/* mail-setup-window.c: the wizard's window; moves between the pages and talks to the core
 *
 * The window owns one journey (MailSetupJourney: the settings, the credential, the results) and
 * one GCancellable for whatever runs: discovery, the browser sign-in or the checks. Escape
 * cancels it, Back cancels it and goes back. The pages only show and ask, through actions
 * (mail-setup-window-actions.c); the sign-in and the check have their own files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-discovery.h"
#include "mail-sign-in-health.h"
#include "mail-test-hooks.h"
#include "mail-tls-database.h"

#include "mail-setup-util.h"
#include "mail-setup-window-private.h"

G_DEFINE_FINAL_TYPE (MailSetupWindow, mail_setup_window, ADW_TYPE_APPLICATION_WINDOW)

/* ------------------------------------------------------------------------------------------ */
/* Pages */

void
_mail_setup_window_update_navigation (MailSetupWindow *self)
{
  const char *page = mail_setup_window_get_page_name (self);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->history->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  adw_window_title_set_subtitle (self->window_title,
                                 g_strcmp0 (page, "welcome") != 0 && window_settings (self) != NULL
                                 ? window_settings (self)->email : NULL);
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
void
_mail_setup_window_show_page (MailSetupWindow *self,
                              const char      *name,
                              gboolean         push)
{
  const char *current = mail_setup_window_get_page_name (self);

  if (g_strcmp0 (current, name) == 0)
    {
      _mail_setup_window_update_navigation (self);
      return;
    }
  if (push && current != NULL && g_strcmp0 (current, "checking") != 0)
    g_ptr_array_add (self->history, (gpointer) g_intern_string (current));
  gtk_stack_set_visible_child_name (self->stack, name);
  _mail_setup_window_update_navigation (self);
  focus_page (self);
}

void
_mail_setup_window_toast (MailSetupWindow *self,
                          const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------------------------ */
/* The running operation */

GCancellable *
_mail_setup_window_begin_work (MailSetupWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  self->cancellable = g_cancellable_new ();
  _mail_setup_window_update_navigation (self);
  return self->cancellable;
}

void
_mail_setup_window_end_work (MailSetupWindow *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  _mail_setup_window_update_navigation (self);
}

/* TRUE once the window is closing: an answer arriving now has nothing left to show. */
gboolean
_mail_setup_window_is_gone (MailSetupWindow *self)
{
  return self->lifetime == NULL || g_cancellable_is_cancelled (self->lifetime);
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

  if (_mail_setup_window_is_gone (self))
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

  if (_mail_setup_window_is_gone (self) || accounts == NULL)
    return;
  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  self->other_apps = g_steal_pointer (&accounts);
  mail_setup_other_apps_describe (self->other_apps, &titles, &subtitles);
  mail_setup_welcome_page_set_other_apps (self->welcome_page, titles, subtitles);
}

void
_mail_setup_window_load_accounts (MailSetupWindow *self)
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
  mail_setup_journey_take_settings (self->journey, settings);
  mail_setup_settings_page_set_settings (self->settings_page, window_settings (self));
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

  if (_mail_setup_window_is_gone (self))
    return;

  settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, &error);
  if (settings == NULL && was_cancelled (error))
    return;
  show_lookups (self, MAIL_DISCOVERY (object));
  _mail_setup_window_end_work (self);
  if (settings == NULL)
    {
      /* Nothing found: the person types the servers in, with the reason on top. */
      settings = mail_account_settings_new (mail_setup_welcome_page_get_email (self->welcome_page));
      if (settings->notes == NULL)
        settings->notes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (settings->notes, g_strdup (error->message));
    }
  show_settings (self, settings);
}

void
_mail_setup_window_discover (MailSetupWindow *self,
                             const char      *email)
{
  g_autoptr(MailDiscovery) discovery = mail_discovery_new (self->registry);

  mail_setup_settings_page_set_searching (self->settings_page, email);
  mail_setup_settings_page_clear_lookups (self->settings_page);
  _mail_setup_window_show_page (self, "settings", TRUE);

  if (self->tls_database != NULL)
    mail_discovery_set_tls_database (discovery, self->tls_database);
  _mail_setup_window_begin_work (self);
  g_set_object (&self->worker, G_OBJECT (discovery));
  mail_discovery_run_async (discovery, email, self->cancellable, discovery_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Setup */

/* Self-hosted servers and tests: mail-test-hooks.h reads the environment. */
static void
load_environment (MailSetupWindow *self)
{
  const char *ca_file = mail_test_hooks_get_ca_file ();

  mail_test_hooks_load_provider_files (self->registry);
  if (ca_file != NULL)
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
  if (self->journey != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->journey, self);
      /* The secrets go now, whoever still holds the journey. */
      mail_setup_journey_clear_credential (self->journey);
    }
  g_clear_object (&self->journey);
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

  _mail_setup_window_class_actions_init (widget_class);
}

static void
mail_setup_window_init (MailSetupWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new ();
  self->lifetime = g_cancellable_new ();
  self->journey = mail_setup_journey_new ();
  /* The title shows the journey's address. */
  g_signal_connect_swapped (self->journey, "notify::email",
                            G_CALLBACK (_mail_setup_window_update_navigation), self);
  /* The pages that show the journey's account follow it. */
  mail_setup_sign_in_page_set_journey (self->sign_in_page, self->journey);
  mail_setup_enable_imap_page_set_journey (self->enable_imap_page, self->journey);
  self->registry = mail_provider_registry_new ();
  mail_provider_registry_load_defaults (self->registry);
  load_environment (self);
  self->trust_store = mail_setup_trust_store_new (mail_test_hooks_get_trust_file ());
  self->store = mail_account_store_new (self->registry);

  mail_setup_result_page_set_export_available (self->result_page, mail_setup_export_page_is_available ());
  _mail_setup_window_update_navigation (self);
  _mail_setup_window_load_accounts (self);
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

  return _mail_setup_window_build_report (self, json);
}
