/* mail-oauth-flow.h: OAuth2 sign-in in the system browser (authorization code + PKCE S256 +
 * state over a loopback redirect, RFC 8252), then the code exchange
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-diagnosis.h"
#include "mail-oauth-token-client.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* Pure: "http://localhost:PORT/" when the provider's RedirectHost is localhost (Microsoft),
 * else "http://127.0.0.1:PORT/". */
char *mail_oauth_build_redirect_uri  (const MailProvider *provider,
                                      guint16             port);
/* Pure: AuthorizeUrl + response_type=code, client_id, redirect_uri, scope, state,
 * code_challenge, code_challenge_method=S256, login_hint (when not NULL), ExtraParameters. */
char *mail_oauth_build_authorize_url (const MailProvider *provider,
                                      const char         *client_id,
                                      const char         *redirect_uri,
                                      const char         *state,
                                      const char         *code_challenge,
                                      const char         *login_hint);

#define MAIL_TYPE_OAUTH_FLOW (mail_oauth_flow_get_type ())
G_DECLARE_FINAL_TYPE (MailOAuthFlow, mail_oauth_flow, MAIL, OAUTH_FLOW, GObject)

/* Signals (in the thread-default main context of run_async):
 *   "authorize-url" (const char *url): the listener is ready; the URL to open. Emitted
 *     before the browser is started (in no-browser mode it is the only way to get it).
 *   "browser-failed" (const char *message): the browser could not be started; the person has
 *     to open the URL by hand. The wait goes on. */

MailOAuthFlow   *mail_oauth_flow_new              (MailProvider        *provider,
                                                   const char          *email);
/* FALSE: do not start a browser, only hand out the URL ("--no-browser"). Default TRUE: the
 * command in MAIL_SETUP_BROWSER (run with the URL as its last argument, never through a
 * shell) or else GIO's default URI handler. */
void             mail_oauth_flow_set_open_browser (MailOAuthFlow       *self,
                                                   gboolean             open_browser);
/* How long the whole sign-in may take: the browser coming back and the token request after it
 * (which ends with oauth-endpoint-timeout at that limit); 0: 5 minutes for the browser and the
 * token client's own 30 s for the request. */
void             mail_oauth_flow_set_timeout      (MailOAuthFlow       *self,
                                                   guint                seconds);
/* Trust anchors for the token endpoint; NULL: the system's. */
void             mail_oauth_flow_set_tls_database (MailOAuthFlow       *self,
                                                   GTlsDatabase        *database);
/* NULL until "authorize-url" was emitted. */
const char      *mail_oauth_flow_get_authorize_url (MailOAuthFlow      *self);
/* The client the tokens were issued to (refreshes must use the same); NULL before run. */
const char      *mail_oauth_flow_get_client_id    (MailOAuthFlow       *self);
const char      *mail_oauth_flow_get_client_secret (MailOAuthFlow      *self);

void             mail_oauth_flow_run_async        (MailOAuthFlow       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The tokens, or NULL with a MAIL_DIAGNOSIS_ERROR (mail-diagnosis-error.h) carrying the
 * diagnosis: oauth-client-id-missing, oauth-timeout, oauth-state-mismatch, the provider's
 * authorize error (consent declined, admin consent, ...) or the token endpoint's; or
 * G_IO_ERROR_CANCELLED. */
MailOAuthTokens *mail_oauth_flow_run_finish       (MailOAuthFlow       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
