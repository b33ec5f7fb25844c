/* mail-test-keyring.c: the lab's keyring as the tests set it up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-account-store.h"
#include "mail-test-lib.h"

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result,
                                                          &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  /* Not saved before is fine too. */
  mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, NULL);
  *done = TRUE;
}

/* Records in the keyring that settings were verified, as a successful check does (export
 * --settings-file trusts only that). forget_first: start from no saved account for the address
 * (another test may have saved it with another sign-in kind, which a verification keeps). */
void
mail_test_record_verification (const MailAccountSettings *settings,
                               gboolean                   forget_first)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = mail_account_store_new (registry);
  gboolean done = FALSE;

  if (forget_first)
    {
      mail_account_store_forget_async (store, settings->email, NULL, forgotten_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      done = FALSE;
    }
  mail_account_store_mark_verified_async (store, settings, NULL, verified_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
