/* test-oauth-client-id.c: the client ID the wizard saves is the one sign-in then uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "mail-oauth-client-id.h"
#include "mail-provider.h"
#include "mail-types.h"

static char *config_dir;

static char *
settings_dir (void)
{
  return g_build_filename (config_dir, "mail-setup", NULL);
}

static void
remove_settings (void)
{
  g_autofree char *dir = settings_dir ();
  g_autofree char *path = mail_oauth_settings_path ();

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_then_resolve (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailProvider *outlook;
  MailProvider *gmail;
  g_autofree char *path = mail_oauth_settings_path ();
  g_autofree char *dir = settings_dir ();
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  mail_provider_registry_load_defaults (registry);
  outlook = mail_provider_registry_lookup (registry, "outlook");
  gmail = mail_provider_registry_lookup (registry, "gmail");
  g_assert_nonnull (outlook);
  g_assert_nonnull (gmail);
  remove_settings ();

  /* No file and no folder yet: both are made, private. */
  g_assert_true (mail_oauth_client_id_save (outlook, "  11111111-2222-3333-4444-555555555555\n",
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Sign-in now uses it, from the settings file. */
  g_assert_true (mail_oauth_client_id_resolve (outlook, &id, &secret, &source));
  g_assert_cmpstr (id, ==, "11111111-2222-3333-4444-555555555555");
  g_assert_null (secret);
  g_assert_cmpstr (source, ==, path);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&source, g_free);

  /* Another provider's ID joins the file; the first one and the file's secret stay. */
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_true (g_file_set_contents (path, "# mine\n[OAuth2]\n"
                                        "outlook-client-id=11111111-2222-3333-4444-555555555555\n"
                                        "gmail-client-secret=GOCSPX-not-really-secret\n",
                                        -1, NULL));
  }
  g_assert_true (mail_oauth_client_id_save (gmail, "123-abc.apps.googleusercontent.com", &error));
  g_assert_no_error (error);
  g_assert_true (mail_oauth_client_id_resolve (gmail, &id, &secret, NULL));
  g_assert_cmpstr (id, ==, "123-abc.apps.googleusercontent.com");
  g_assert_cmpstr (secret, ==, "GOCSPX-not-really-secret");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&secret, g_free);
  g_assert_true (mail_oauth_client_id_resolve (outlook, &id, &secret, NULL));
  g_assert_cmpstr (id, ==, "11111111-2222-3333-4444-555555555555");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&secret, g_free);
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "# mine"));
  }

  /* Nothing to save. */
  g_assert_false (mail_oauth_client_id_save (outlook, "   ", &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  remove_settings ();
}

static void
test_save_unwritable (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autofree char *dir = settings_dir ();
  g_autoptr(GError) error = NULL;
  MailProvider *outlook;

  mail_provider_registry_load_defaults (registry);
  outlook = mail_provider_registry_lookup (registry, "outlook");
  remove_settings ();

  /* A file where the folder should be: the save fails and says so. */
  g_assert_true (g_file_set_contents (dir, "", 0, NULL));
  g_assert_false (mail_oauth_client_id_save (outlook, "some-id", &error));
  g_assert_nonnull (error);
  g_unlink (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Settings of our own, before GLib reads the variable. */
  config_dir = g_dir_make_tmp ("mail-setup-client-id-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth-client-id/save-then-resolve", test_save_then_resolve);
  g_test_add_func ("/oauth-client-id/save-unwritable", test_save_unwritable);

  status = g_test_run ();
  g_rmdir (config_dir);
  g_free (config_dir);
  return status;
}
