/* mail-cli-login-device.c: `login --device-code`: sign in on another device with a code
 * (RFC 8628)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"
#include "mail-oauth-device.h"

static void
user_code_cb (MailOAuthDeviceFlow *flow,
              const char          *user_code,
              const char          *verification_uri,
              const char          *verification_uri_complete,
              gint64               expires_in,
              MailCliRun          *run)
{
  /* On standard error, so --json keeps one object on standard output. */
  mail_cli_printerr (_("To sign in, open this address on any device (a phone will do):\n\n"
                       "  %s\n\nand enter the code:\n\n  Code: %s\n\n"),
                     verification_uri, user_code);
  mail_cli_printerr (_("Waiting for you to sign in… (the code works for %d minutes)\n"),
                     (int) MAX (1, expires_in / 60));
}

static void
device_flow_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->tokens = mail_oauth_device_flow_run_finish (MAIL_OAUTH_DEVICE_FLOW (object), result,
                                                   &run->error);
  run->done = TRUE;
}

int
mail_cli_login_device (MailCliRun       *run,
                       MailAccountStore *store,
                       MailProvider     *provider,
                       const char       *email)
{
  g_autoptr(MailOAuthDeviceFlow) flow = mail_oauth_device_flow_new (provider, email);

  /* --timeout ends the wait early; else the code's own lifetime does. */
  mail_oauth_device_flow_set_timeout (flow, run->common->timeout_s);
  mail_oauth_device_flow_set_tls_database (flow, run->common->tls_database);
  g_signal_connect (flow, "user-code", G_CALLBACK (user_code_cb), run);

  mail_oauth_device_flow_run_async (flow, run->cancellable, device_flow_cb, run);
  mail_cli_run_wait (run, 0);

  return mail_cli_login_save_tokens (run, store, provider, email,
                                     mail_oauth_device_flow_get_client_id (flow),
                                     mail_oauth_device_flow_get_client_secret (flow));
}
