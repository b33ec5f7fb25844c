/* mail-other-apps.c: read the mail accounts of the other mail apps in a home directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-other-apps-private.h"

typedef void (*ReaderFunc) (const MailOtherAppsDirs *dirs, GPtrArray *out);

static const struct
{
  const char *app;
  ReaderFunc  read;
} readers[] = {
  { "goa", mail_other_apps_read_goa },
  { "evolution", mail_other_apps_read_evolution },
  { "geary", mail_other_apps_read_geary },
  { "thunderbird", mail_other_apps_read_thunderbird },
  { "msmtp", mail_other_apps_read_msmtp },
  { "mbsync", mail_other_apps_read_mbsync },
  { "neomutt", mail_other_apps_read_neomutt },
  { "aerc", mail_other_apps_read_aerc },
};

static const char *const app_ids[] = {
  "goa", "evolution", "geary", "thunderbird", "msmtp", "mbsync", "neomutt", "aerc", NULL
};

MailOtherAppsDirs *
mail_other_apps_dirs_new (const char *home,
                          const char *config_home,
                          const char *data_home)
{
  MailOtherAppsDirs *dirs = g_new0 (MailOtherAppsDirs, 1);

  g_return_val_if_fail (home != NULL, NULL);

  dirs->home = g_strdup (home);
  dirs->config_home = config_home ? g_strdup (config_home)
                                  : g_build_filename (home, ".config", NULL);
  dirs->data_home = data_home ? g_strdup (data_home)
                              : g_build_filename (home, ".local", "share", NULL);
  return dirs;
}

MailOtherAppsDirs *
mail_other_apps_dirs_new_default (void)
{
  return mail_other_apps_dirs_new (g_get_home_dir (), g_get_user_config_dir (),
                                   g_get_user_data_dir ());
}

void
mail_other_apps_dirs_free (MailOtherAppsDirs *dirs)
{
  if (dirs == NULL)
    return;
  g_free (dirs->home);
  g_free (dirs->config_home);
  g_free (dirs->data_home);
  g_free (dirs);
}

const char *const *
mail_other_apps_list_apps (void)
{
  return app_ids;
}

gboolean
mail_other_apps_app_is_known (const char *app)
{
  return app != NULL && g_strv_contains (app_ids, app);
}

GPtrArray *
mail_other_apps_read (const MailOtherAppsDirs *dirs,
                      const char              *app)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_other_app_account_free);

  g_return_val_if_fail (dirs != NULL, out);

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (app == NULL || g_strcmp0 (app, readers[i].app) == 0)
      readers[i].read (dirs, out);
  return out;
}

MailOtherAppAccount *
mail_other_apps_find (GPtrArray  *accounts,
                      const char *app,
                      const char *email)
{
  MailOtherAppAccount *only = NULL;
  guint count = 0;

  for (guint i = 0; i < accounts->len; i++)
    {
      MailOtherAppAccount *account = g_ptr_array_index (accounts, i);

      if (account->error != NULL || g_strcmp0 (account->app, app) != 0)
        continue;
      if (email != NULL && account->email != NULL &&
          g_ascii_strcasecmp (account->email, email) == 0)
        return account;
      if (email != NULL && account->imap && g_strcmp0 (account->imap->username, email) == 0)
        return account;
      only = account;
      count++;
    }
  return count == 1 && (only->email == NULL || email == NULL) ? only : NULL;
}
