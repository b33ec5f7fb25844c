/* mail-oauth-token-client.h: the OAuth2 token endpoint (code exchange and refresh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-diagnosis.h"
#include "mail-oauth-post.h"
#include "mail-provider.h"

G_BEGIN_DECLS

#define MAIL_TYPE_OAUTH_TOKENS (mail_oauth_tokens_get_type ())

/* A successful token response (RFC 6749 §5.1). Secrets are wiped on free. */
typedef struct
{
  char   *access_token;
  char   *refresh_token;  /* NULL when the endpoint did not send one (no rotation) */
  char   *token_type;     /* "Bearer" */
  char   *scope;          /* as granted, or NULL */
  gint64  expires_in;     /* seconds, 0 unknown */
  gint64  expires_at;     /* Unix seconds (now + expires_in), 0 when expires_in is absent */
} MailOAuthTokens;

GType            mail_oauth_tokens_get_type (void) G_GNUC_CONST;
/* Pure: parses a 2xx token response body. now: Unix seconds for expires_at. NULL with
 * MAIL_ERROR_PROTOCOL when it is not JSON, not an object, lacks access_token, has a token
 * type other than Bearer, or is larger than MAIL_OAUTH_MAX_BODY_SIZE. */
MailOAuthTokens *mail_oauth_tokens_parse    (const char            *body,
                                             gsize                  length,
                                             gint64                 now,
                                             GError               **error);
MailOAuthTokens *mail_oauth_tokens_copy     (const MailOAuthTokens *tokens);
void             mail_oauth_tokens_free     (MailOAuthTokens       *tokens);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOAuthTokens, mail_oauth_tokens_free)

#define MAIL_TYPE_OAUTH_TOKEN_CLIENT (mail_oauth_token_client_get_type ())
G_DECLARE_FINAL_TYPE (MailOAuthTokenClient, mail_oauth_token_client, MAIL, OAUTH_TOKEN_CLIENT,
                      GObject)

/* token_url: the provider's TokenUrl; client_secret NULL or "" for public clients. Every
 * request checks that it is https (plain http only to this computer) and does not follow
 * redirects (a 3xx is oauth-endpoint-error).
 * provider_id and email are only for the diagnosis. */
MailOAuthTokenClient *mail_oauth_token_client_new (const char *token_url,
                                                   const char *client_id,
                                                   const char *client_secret,
                                                   const char *provider_id,
                                                   const char *email);
/* Overall time limit of one request (default 30 s): connecting, sending and reading the
 * whole answer. At the limit the request fails with MAIL_ERROR_TIMEOUT and the diagnosis
 * oauth-endpoint-timeout (stage "token" or "refresh"). */
void             mail_oauth_token_client_set_timeout      (MailOAuthTokenClient *self,
                                                           guint                 seconds);
/* A command's deadline (g_get_monotonic_time() µs, 0 none): a request ends by then too. */
void             mail_oauth_token_client_set_deadline     (MailOAuthTokenClient *self,
                                                           gint64                deadline);
/* Trust anchors for an https endpoint (tests); NULL: the system's. */
void             mail_oauth_token_client_set_tls_database (MailOAuthTokenClient *self,
                                                           GTlsDatabase         *database);

/* grant_type=authorization_code with the same redirect_uri and the PKCE code_verifier. */
void             mail_oauth_token_client_exchange_async   (MailOAuthTokenClient *self,
                                                           const char           *code,
                                                           const char           *redirect_uri,
                                                           const char           *code_verifier,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
/* grant_type=refresh_token; scopes (space separated) may be NULL. */
void             mail_oauth_token_client_refresh_async    (MailOAuthTokenClient *self,
                                                           const char           *refresh_token,
                                                           const char           *scopes,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
/* For both: the tokens, or NULL with a MAIL_DIAGNOSIS_ERROR (mail-diagnosis-error.h) whose
 * diagnosis has the stage "token" or "refresh": the endpoint's {error, error_description}
 * through the diagnosis engine, oauth-endpoint-error for 5xx, HTML, malformed or oversized
 * answers, oauth-endpoint-timeout; or G_IO_ERROR_CANCELLED. */
MailOAuthTokens *mail_oauth_token_client_request_finish   (MailOAuthTokenClient *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
