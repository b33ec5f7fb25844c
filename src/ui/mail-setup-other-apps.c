/* mail-setup-other-apps.c: the wizard's side of the accounts other mail apps have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-account-check.h"
#include "mail-discovery.h"
#include "mail-other-apps-wording.h"
#include "mail-setup-other-apps.h"

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(MailOtherAppsDirs) dirs = mail_other_apps_dirs_new_default ();
  g_autoptr(GPtrArray) all = mail_other_apps_read (dirs, NULL);
  GPtrArray *usable = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_other_app_account_free);

  for (guint i = 0; i < all->len; i++)
    {
      MailOtherAppAccount *account = g_ptr_array_index (all, i);

      if (account->error == NULL && account->email != NULL)
        g_ptr_array_add (usable, g_ptr_array_steal_index (all, i--));
    }
  g_task_return_pointer (task, usable, (GDestroyNotify) g_ptr_array_unref);
}

void
mail_setup_other_apps_read_async (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mail_setup_other_apps_read_async);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
mail_setup_other_apps_read_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mail_setup_other_apps_describe (GPtrArray  *accounts,
                                GPtrArray **titles,
                                GPtrArray **subtitles)
{
  *titles = g_ptr_array_new_with_free_func (g_free);
  *subtitles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < accounts->len; i++)
    {
      const MailOtherAppAccount *account = g_ptr_array_index (accounts, i);
      const char *host = account->imap ? account->imap->host
                       : account->smtp ? account->smtp->host : NULL;

      /* Translators: "Thunderbird: Work", an app and the account's name there */
      g_ptr_array_add (*titles, g_strdup_printf (_("%s: %s"),
                                                 mail_other_app_display_name (account->app),
                                                 account->label ? account->label
                                                                : account->email));
      g_ptr_array_add (*subtitles, g_strjoin (" · ", account->email, host, NULL));
    }
}

MailAccountSettings *
mail_setup_other_apps_settings (const MailOtherAppAccount *account,
                                MailProviderRegistry      *registry)
{
  MailAccountSettings *settings = mail_other_app_account_to_settings (account, NULL);
  MailProvider *provider = NULL;

  if (registry != NULL && settings->email != NULL)
    provider = mail_provider_registry_lookup_domain (registry, mail_email_domain (settings->email));
  if (provider != NULL)
    {
      settings->provider = mail_provider_ref (provider);
      settings->provider_id = g_strdup (provider->id);
      settings->provider_name = g_strdup (provider->name);
    }
  return settings;
}

/* --- what works, in the app's words -------------------------------------------------------- */

typedef struct
{
  GPtrArray                 *accounts;   /* keeps account alive */
  const MailOtherAppAccount *account;
  guint                      failed;
  MailProviderRegistry      *registry;
  GTlsDatabase              *tls_database;
  MailAuthKind               kind;
  char                      *secret;
  MailAccountSettings       *reference;
  GPtrArray                 *servers;    /* MailServer *: being checked */
  GPtrArray                 *fixes;      /* char * */
  GPtrArray                 *works;      /* MailServer *: those of servers that worked */
  guint                      pending;
} ExplainData;

static void
explain_data_free (ExplainData *data)
{
  g_ptr_array_unref (data->accounts);
  g_object_unref (data->registry);
  g_clear_object (&data->tls_database);
  mail_secret_free (data->secret);
  g_clear_pointer (&data->reference, mail_account_settings_free);
  g_ptr_array_unref (data->servers);
  g_ptr_array_unref (data->fixes);
  g_ptr_array_unref (data->works);
  g_free (data);
}

static void
explain_check_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExplainData *data = g_task_get_task_data (task);
  MailAccountCheck *account_check = MAIL_ACCOUNT_CHECK (object);
  const MailCheckResult *check = NULL;

  /* One protocol was checked: its result. */
  if (mail_account_check_run_finish (account_check, result, NULL))
    check = mail_account_check_get_result (account_check, "imap") != NULL
            ? mail_account_check_get_result (account_check, "imap")
            : mail_account_check_get_result (account_check, "smtp");
  if (check != NULL && check->ok)
    {
      for (guint i = 0; i < data->servers->len; i++)
        {
          const MailServer *server = g_ptr_array_index (data->servers, i);
          char *fix;

          if (server->protocol != check->protocol)
            continue;
          fix = mail_other_apps_fix_text (data->account, server->protocol, server);
          if (fix != NULL)
            {
              g_ptr_array_add (data->fixes, fix);
              g_ptr_array_add (data->works, mail_server_copy (server));
            }
        }
    }
  if (--data->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (data->fixes),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
explain_check (GTask *task)
{
  ExplainData *data = g_task_get_task_data (task);
  const MailAccountSettings *reference = data->reference;

  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; reference != NULL && protocol <= MAIL_PROTOCOL_SMTP;
       protocol++)
    {
      const MailServer *works = protocol == MAIL_PROTOCOL_IMAP ? reference->imap : reference->smtp;
      const MailOtherAppServer *has = protocol == MAIL_PROTOCOL_IMAP ? data->account->imap
                                                                     : data->account->smtp;
      g_autoptr(MailAccountSettings) settings = NULL;
      g_autoptr(MailAccountCheck) check = NULL;
      MailServer *server;

      if (!(data->failed & (1u << protocol)) || works == NULL || has == NULL ||
          (g_ascii_strcasecmp (works->host, has->host) == 0 && works->port == has->port &&
           works->security == has->security))
        continue;
      server = mail_server_copy (works);
      /* Only the server differs: sign in as the app does. */
      g_free (server->username);
      server->username = g_strdup (has->username ? has->username : data->account->email);
      g_ptr_array_add (data->servers, server);

      /* That one server, alone, with the app's credential. */
      settings = mail_account_settings_new (data->account->email);
      settings->provider_id = g_strdup (reference->provider_id);
      if (protocol == MAIL_PROTOCOL_IMAP)
        settings->imap = mail_server_copy (server);
      else
        settings->smtp = mail_server_copy (server);
      check = mail_account_check_new (settings);
      mail_account_check_set_secret (check, data->kind, data->secret);
      if (data->tls_database != NULL)
        mail_account_check_set_tls_database (check, data->tls_database);
      /* Only that server's host on the standard ports, as the probe alone looks. */
      mail_account_check_set_alternatives (check, NULL, 0, NULL);
      data->pending++;
      mail_account_check_run_async (check, g_task_get_cancellable (task), explain_check_cb,
                                    g_object_ref (task));
    }
  if (data->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (data->fixes),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
explain_discovery_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExplainData *data = g_task_get_task_data (task);

  data->reference = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, NULL);
  explain_check (task);
}

void
mail_setup_other_apps_explain_async (GPtrArray                 *accounts,
                                     const MailOtherAppAccount *account,
                                     guint                      failed,
                                     MailProviderRegistry      *registry,
                                     GTlsDatabase              *tls_database,
                                     MailAuthKind               kind,
                                     const char                *secret,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExplainData *data = g_new0 (ExplainData, 1);
  MailProvider *provider;

  g_task_set_source_tag (task, mail_setup_other_apps_explain_async);
  data->accounts = g_ptr_array_ref (accounts);
  data->account = account;
  data->failed = failed;
  data->registry = g_object_ref (registry);
  data->tls_database = tls_database ? g_object_ref (tls_database) : NULL;
  data->kind = kind;
  data->secret = g_strdup (secret);
  data->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  data->fixes = g_ptr_array_new_with_free_func (g_free);
  data->works = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  g_task_set_task_data (task, data, (GDestroyNotify) explain_data_free);

  provider = mail_provider_registry_lookup_domain (registry, mail_email_domain (account->email));
  if (provider != NULL)
    {
      data->reference = mail_account_settings_new_from_provider (provider, account->email);
      explain_check (task);
      return;
    }
  {
    g_autoptr(MailDiscovery) discovery = mail_discovery_new (registry);

    if (tls_database != NULL)
      mail_discovery_set_tls_database (discovery, tls_database);
    mail_discovery_run_async (discovery, account->email, cancellable, explain_discovery_cb,
                              g_object_ref (task));
  }
}

GPtrArray *
mail_setup_other_apps_explain_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
mail_setup_other_apps_explain_get_works (GAsyncResult *result)
{
  ExplainData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  data = g_task_get_task_data (G_TASK (result));
  return g_ptr_array_ref (data->works);
}
