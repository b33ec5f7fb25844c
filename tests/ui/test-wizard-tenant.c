/* test-wizard-tenant.c: a Microsoft app registered in one organisation (the lab identity provider
 * refuses "common" with AADSTS50194): the wizard asks the tenant on the sign-in page, signs in
 * through it, the check passes against Dovecot and the stored account keeps the tenant. Then the
 * stored account, signed in six days ago under a "Testing" rule, is checked again: the result page
 * says ahead of time that its sign-in may end.
 *
 * The helpers are the few of test-wizard.c this file needs (no shared header exists yet).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "mail-account-store.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-test-wizard.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers */

static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, needle))
      return TRUE;
  return FALSE;
}

static void
idp_post (const char *path,
          const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (g_getenv ("MAIL_LAB_IDP_URL"), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            request);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

typedef struct
{
  MailStoredAccount *account;
  gboolean           done;
} StoreWait;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  StoreWait *wait = user_data;

  wait->account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, NULL);
  wait->done = TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  StoreWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
store_done (gpointer data)
{
  return ((StoreWait *) data)->done;
}

static MailAccountStore *
new_store (const char *provider_file)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();

  mail_provider_registry_load_defaults (registry);
  mail_provider_registry_load_file (registry, provider_file, NULL);
  return mail_account_store_new (registry);
}

/* Id=lab: replaces the lab's own provider, so example.test is this one's; signing in through
 * "common", with a device code where no browser opens, and Google's "Testing" rule. */
static char *
write_provider (void)
{
  char *provider = g_build_filename (wizard_tmp_dir, "lab-ms.provider", NULL);
  const char *idp = g_getenv ("MAIL_LAB_IDP_URL");
  g_autofree char *text = NULL;

  text = g_strdup_printf (
    "[Provider]\nId=lab\nName=Lab Microsoft\nDomains=example.test\n\n"
    "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[SMTP]\nHost=%s\nPort=%s\nSecurity=starttls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[OAuth2]\nAuthorizeUrl=%s/common/oauth2/v2.0/authorize\n"
    "TokenUrl=%s/common/oauth2/v2.0/token\n"
    "DeviceAuthorizationUrl=%s/common/oauth2/v2.0/devicecode\nClientId=lab-client\n"
    "Scopes=imap smtp offline_access\nMechanisms=XOAUTH2\nRefreshTokenTestingDays=7\n",
    g_getenv ("MAIL_LAB_HOST"), g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_HOST"),
    g_getenv ("MAIL_LAB_SUBMISSION_PORT"), idp, idp, idp);
  g_assert_true (g_file_set_contents (provider, text, -1, NULL));
  return provider;
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreWait *wait = user_data;

  mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, NULL);
  wait->done = TRUE;
}

/* The keyring item's token address for email, after forgetting it first when forget. */
static char *
stored_token_url (const char *provider,
                  const char *email,
                  gboolean    forget)
{
  g_autoptr(MailAccountStore) store = new_store (provider);
  g_autoptr(MailStoredAccount) account = NULL;
  StoreWait wait = { NULL, FALSE };

  if (forget)
    {
      mail_account_store_forget_async (store, email, NULL, forget_cb, &wait);
      wait_for (store_done, &wait, 20, "the keyring");
      return NULL;
    }
  mail_account_store_load_async (store, email, NULL, load_cb, &wait);
  wait_for (store_done, &wait, 20, "the keyring");
  account = wait.account;
  g_assert_nonnull (account);
  g_assert_cmpint (account->settings->auth, ==, MAIL_AUTH_OAUTH2);
  return g_strdup (account->token_url);
}

/* Welcome → settings → sign-in, for email. */
static MailSetupSignInPage *
go_to_sign_in (MailSetupWindow *window,
               const char      *email)
{
  GtkWidget *welcome = mail_setup_window_get_page (window, "welcome");

  mail_setup_welcome_page_set_email (MAIL_SETUP_WELCOME_PAGE (welcome), email);
  activate (welcome, "welcome.continue", NULL);
  activate (wait_page (window, "settings", 30), "settings.continue", NULL);
  return MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
}

/* ------------------------------------------------------------------------------------------ */

/* The sign-in answer refuses "common": the tenant field appears, focused, with why; the sign-in
 * through the tenant passes, and the keyring item keeps the tenant's token address. */
static void test_tenant_asked (void);

/* A browser sign-in against such an organisation never comes back (the refusal is only on the
 * browser's page): the failure page's fixes name AADSTS50194, and Sign In Again shows the
 * tenant field; the sign-in through the tenant passes and is saved with it. */
static void
test_tenant_after_timeout (void)
{
  MailSetupWindow *window;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  GtkEditable *tenant;
  g_autofree char *provider = NULL;
  g_autofree char *token_url = NULL;
  const char *email = g_getenv ("MAIL_LAB_USER2");

  if (!have_lab ())
    return;
  provider = write_provider ();
  stored_token_url (provider, email, TRUE);
  idp_post ("/control/reset", "");
  idp_post ("/control", "single_tenant=contoso.test");

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  g_setenv ("MAIL_SETUP_TEST_OAUTH_TIMEOUT", "4", TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  sign_in = go_to_sign_in (window, email);
  tenant = mail_setup_sign_in_page_get_tenant_editable (sign_in);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "oauth-timeout");
  g_assert_true (label_contains (GTK_WIDGET (result), "AADSTS50194"));
  g_assert_true (label_contains (GTK_WIDGET (result), "choose Sign In Again"));
  g_unsetenv ("MAIL_SETUP_TEST_OAUTH_TIMEOUT");

  activate (window, "win.sign-in-again", NULL);
  wait_page (window, "sign-in", 10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (tenant)));
  g_assert_true (label_contains (GTK_WIDGET (sign_in), "AADSTS50194"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (tenant)));
  gtk_editable_set_text (tenant, "contoso.test");
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The tenant's sign-in failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");

  token_url = stored_token_url (provider, email, FALSE);
  g_assert_nonnull (token_url);
  g_assert_nonnull (strstr (token_url, "/contoso.test/oauth2/v2.0/token"));
  idp_post ("/control/reset", "");
}

/* Waits for the sign-in page to ask the tenant; fails on any result page on the way. */
static void
wait_tenant_asked (MailSetupWindow     *window,
                   MailSetupSignInPage *sign_in)
{
  PageWait busy = { window, "sign-in" };
  GtkWidget *tenant = GTK_WIDGET (mail_setup_sign_in_page_get_tenant_editable (sign_in));
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!(page_is_shown (&busy) && gtk_widget_get_mapped (tenant)))
    {
      g_assert_cmpstr (mail_setup_window_get_page_name (window), !=, "result");
      if (g_get_monotonic_time () > deadline)
        g_error ("The tenant was not asked (page “%s”)", mail_setup_window_get_page_name (window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  g_assert_true (label_contains (GTK_WIDGET (sign_in), "AADSTS50194"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), tenant));
}

/* The refusal comes back with the browser's redirect (error_description AADSTS50194): the
 * tenant is asked at once, and the sign-in through it passes. */
static void
test_tenant_from_redirect (void)
{
  MailSetupWindow *window;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  g_autofree char *provider = NULL;
  g_autofree char *token_url = NULL;
  const char *email = g_getenv ("MAIL_LAB_USER2");

  if (!have_lab ())
    return;
  provider = write_provider ();
  stored_token_url (provider, email, TRUE);
  idp_post ("/control/reset", "");
  idp_post ("/control", "single_tenant=contoso.test&authorize=tenant_redirect");

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  sign_in = go_to_sign_in (window, email);
  activate (window, "win.oauth-start", NULL);
  wait_tenant_asked (window, sign_in);
  gtk_editable_set_text (mail_setup_sign_in_page_get_tenant_editable (sign_in), "contoso.test");
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The tenant's sign-in failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");

  token_url = stored_token_url (provider, email, FALSE);
  g_assert_nonnull (strstr (token_url, "/contoso.test/oauth2/v2.0/token"));
  idp_post ("/control/reset", "");
}

static void
test_tenant_asked (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  GtkEditable *tenant;
  g_autoptr(MailAccountStore) store = NULL;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *provider = write_provider ();
  const char *email = g_getenv ("MAIL_LAB_USER2");
  StoreWait wait = { NULL, FALSE };

  if (!have_lab ())
    return;
  idp_post ("/control/reset", "");
  idp_post ("/control", "single_tenant=contoso.test");


  /* No browser opens: the device-code request is refused with AADSTS50194. */
  g_setenv ("MAIL_SETUP_BROWSER", "/nonexistent/browser", TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = MAIL_SETUP_SETTINGS_PAGE (mail_setup_window_get_page (window, "settings"));
  sign_in = go_to_sign_in (window, email);
  tenant = mail_setup_sign_in_page_get_tenant_editable (sign_in);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (tenant)));
  activate (window, "win.oauth-start", NULL);

  /* Not a failure page: the same sign-in page asks the tenant, says why, focused. */
  wait_tenant_asked (window, sign_in);

  /* Not a tenant: said on the page, nothing sent. */
  gtk_editable_set_text (tenant, "../evil");
  activate (window, "win.oauth-start", NULL);
  g_assert_true (label_contains (GTK_WIDGET (sign_in), "is not a tenant"));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);

  /* The organisation's domain, and a browser this time. */
  gtk_editable_set_text (tenant, "contoso.test");
  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The tenant's sign-in failed: %s", mail_setup_result_page_get_code (result));
  g_assert_false (label_contains (GTK_WIDGET (result), "sign-in may end"));
  wait_for (saved, result, 20, "the account to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);
  /* Advanced on the settings page shows the same tenant. */
  g_assert_cmpstr (gtk_editable_get_text (mail_setup_settings_page_get_advanced_editable (settings,
                                                                                         "tenant")),
                   ==, "contoso.test");
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");

  store = new_store (provider);
  mail_account_store_load_async (store, email, NULL, load_cb, &wait);
  wait_for (store_done, &wait, 20, "the keyring");
  stored = wait.account;
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->settings->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_nonnull (stored->token_url);
  g_assert_nonnull (strstr (stored->token_url, "/contoso.test/oauth2/v2.0/token"));

  /* Signed in six days ago under the "Testing" rule (7 days): checking it again says so. */
  stored->signed_in_at = g_get_real_time () / G_USEC_PER_SEC - 6 * 24 * 3600;
  wait.done = FALSE;
  mail_account_store_save_async (store, stored, NULL, save_cb, &wait);
  wait_for (store_done, &wait, 20, "the keyring");

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  activate (window, "win.troubleshoot", email);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The stored tenant account failed: %s", mail_setup_result_page_get_code (result));
  g_assert_true (label_contains (GTK_WIDGET (result), "Your sign-in may end on"));
  g_assert_true (label_contains (GTK_WIDGET (result), "Sign in again before then"));
  close_window (window);

  idp_post ("/control/reset", "");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  wizard_tmp_dir = g_dir_make_tmp ("mail-setup-ui-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    g_setenv ("XDG_CONFIG_HOME", wizard_tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  wizard_app = adw_application_new ("io.github.mailsetup.MailSetup.Tests",
                                    G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (wizard_app),
                                        "/io/github/mailsetup/MailSetup");
  g_assert_true (g_application_register (G_APPLICATION (wizard_app), NULL, &error));
  g_assert_no_error (error);
  /* Keep the main loop waking up so waits notice the deadline. */
  g_timeout_add (50, keep_waking_cb, NULL);

  g_test_add_func ("/wizard/tenant-after-timeout", test_tenant_after_timeout);
  g_test_add_func ("/wizard/tenant-asked", test_tenant_asked);
  g_test_add_func ("/wizard/tenant-from-redirect", test_tenant_from_redirect);

  status = g_test_run ();
  g_clear_object (&wizard_app);
  return status;
}
