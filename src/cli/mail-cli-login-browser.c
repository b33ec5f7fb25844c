/* mail-cli-login-browser.c: `login` with the browser (OAuth2 authorization code, loopback redirect)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"
#include "mail-oauth-flow.h"
#include "mail-oauth-listener.h"

static void
authorize_url_cb (MailOAuthFlow *flow,
                  const char    *url,
                  MailCliRun    *run)
{
  if (run->no_browser)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
      g_autoptr(GHashTable) query = NULL;
      g_autoptr(GUri) redirect = NULL;

      if (uri != NULL && g_uri_get_query (uri) != NULL)
        query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      if (query != NULL && g_hash_table_lookup (query, "redirect_uri") != NULL)
        redirect = g_uri_parse (g_hash_table_lookup (query, "redirect_uri"), G_URI_FLAGS_NONE,
                                NULL);

      mail_cli_printerr (
        _("Open this address in a browser on this computer to sign in:\n\n  %s\n\n"), url);
      if (redirect != NULL && g_uri_get_port (redirect) > 0)
        mail_cli_printerr (_("The browser comes back to port %d of this computer. If it runs on "
                             "another one, forward that port first (over SSH: type ~C, then "
                             "-L %d:127.0.0.1:%d).\n"),
                           g_uri_get_port (redirect), g_uri_get_port (redirect),
                           g_uri_get_port (redirect));
      mail_cli_printerr ("%s\n", _("Waiting for the browser to come back…"));
    }
  else
    mail_cli_printerr (_("Signing in in your browser… (if no browser opens, open this address:\n"
                         "  %s )\n"), url);
}

static void
browser_failed_cb (MailOAuthFlow *flow,
                   const char    *message,
                   MailCliRun    *run)
{
  mail_cli_printerr (_("Could not open a browser (%s). Open the address above by hand.\n"),
                     message);
}

static void
flow_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &run->error);
  run->done = TRUE;
}

int
mail_cli_login_browser (MailCliRun       *run,
                        MailAccountStore *store,
                        MailProvider     *provider,
                        const char       *email)
{
  g_autoptr(MailOAuthFlow) flow = mail_oauth_flow_new (provider, email);
  guint timeout_s = run->common->timeout_s > 0 ? run->common->timeout_s
                                               : MAIL_OAUTH_LISTENER_DEFAULT_TIMEOUT;

  mail_oauth_flow_set_open_browser (flow, !run->no_browser);
  mail_oauth_flow_set_timeout (flow, timeout_s);
  mail_oauth_flow_set_tls_database (flow, run->common->tls_database);
  g_signal_connect (flow, "authorize-url", G_CALLBACK (authorize_url_cb), run);
  g_signal_connect (flow, "browser-failed", G_CALLBACK (browser_failed_cb), run);

  mail_oauth_flow_run_async (flow, run->cancellable, flow_cb, run);
  mail_cli_run_wait (run, 0);

  return mail_cli_login_save_tokens (run, store, provider, email,
                                     mail_oauth_flow_get_client_id (flow),
                                     mail_oauth_flow_get_client_secret (flow));
}
