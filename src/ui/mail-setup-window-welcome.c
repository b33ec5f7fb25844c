/* mail-setup-window-welcome.c: the wizard's welcome (stored accounts, other apps' accounts)
 * and the discovery of an address's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-discovery.h"
#include "mail-sign-in-health.h"

#include "mail-setup-util.h"
#include "mail-setup-window-private.h"

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
  mail_setup_journey_set_loading (self->journey, FALSE);
  if (accounts == NULL)
    {
      mail_setup_journey_set_accounts_error (self->journey, error->message);
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
  mail_setup_journey_set_accounts_error (self->journey, NULL);
  mail_setup_journey_set_accounts (self->journey, emails, descriptions);
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
  mail_setup_journey_set_other_apps (self->journey, titles, subtitles);
}

void
_mail_setup_window_read_other_apps (MailSetupWindow *self)
{
  mail_setup_other_apps_read_async (self->lifetime, other_apps_cb, g_object_ref (self));
}

void
_mail_setup_window_load_accounts (MailSetupWindow *self)
{
  mail_setup_journey_set_loading (self->journey, TRUE);
  mail_account_store_list_async (self->store, self->lifetime, list_accounts_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Discovery */

static void
show_settings (MailSetupWindow     *self,
               MailAccountSettings *settings)
{
  /* The settings page follows the journey's account. */
  mail_setup_journey_set_searching (self->journey, NULL);
  mail_setup_journey_take_settings (self->journey, settings);
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

void
_mail_setup_window_discover (MailSetupWindow *self,
                             const char      *email)
{
  g_autoptr(MailDiscovery) discovery = mail_discovery_new (self->registry);

  /* Notified again for the same address, whose last search may have been cancelled. */
  mail_setup_journey_set_searching (self->journey, NULL);
  mail_setup_journey_set_searching (self->journey, email);
  mail_setup_settings_page_clear_lookups (self->settings_page);
  _mail_setup_window_show_page (self, "settings", TRUE);

  if (self->tls_database != NULL)
    mail_discovery_set_tls_database (discovery, self->tls_database);
  _mail_setup_window_begin_work (self);
  g_set_object (&self->worker, G_OBJECT (discovery));
  mail_discovery_run_async (discovery, email, self->cancellable, discovery_cb, g_object_ref (self));
}

