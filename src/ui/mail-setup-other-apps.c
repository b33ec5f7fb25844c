/* mail-setup-other-apps.c: the wizard's side of the accounts other mail apps have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

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
