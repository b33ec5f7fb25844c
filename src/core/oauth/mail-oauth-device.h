/* mail-oauth-device.h: OAuth2 device authorization grant (RFC 8628): sign in on any other
 * device with a short code, for machines without a browser (SSH sessions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-diagnosis.h"
#include "mail-oauth-token-client.h"
#include "mail-provider.h"

G_BEGIN_DECLS

#define MAIL_OAUTH_DEVICE_GRANT_TYPE "urn:ietf:params:oauth:grant-type:device_code"

/* The device authorization answer (RFC 8628 §3.2). device_code is a secret. */
typedef struct
{
  char   *device_code;
  char   *user_code;
  char   *verification_uri;
  char   *verification_uri_complete;  /* or NULL */
  gint64  expires_in;                 /* seconds */
  gint64  interval;                   /* seconds; 5 when the answer has none */
} MailOAuthDeviceCode;

/* Pure: parses a 2xx device authorization answer. NULL with MAIL_ERROR_PROTOCOL when it is not
 * a JSON object of at most MAIL_OAUTH_MAX_BODY_SIZE bytes with device_code, user_code,
 * verification_uri (Microsoft: verification_url) and a positive expires_in. */
MailOAuthDeviceCode *mail_oauth_device_code_parse (const char          *body,
                                                   gsize                length,
                                                   GError             **error);
void                 mail_oauth_device_code_free  (MailOAuthDeviceCode *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOAuthDeviceCode, mail_oauth_device_code_free)

#define MAIL_TYPE_OAUTH_DEVICE_FLOW (mail_oauth_device_flow_get_type ())
G_DECLARE_FINAL_TYPE (MailOAuthDeviceFlow, mail_oauth_device_flow, MAIL, OAUTH_DEVICE_FLOW,
                      GObject)

/* Signal "user-code" (const char *user_code, const char *verification_uri,
 * const char *verification_uri_complete or NULL, gint64 expires_in): show these to the person;
 * the flow then polls the token endpoint. */

/* provider must have DeviceAuthorizationUrl. */
MailOAuthDeviceFlow *mail_oauth_device_flow_new         (MailProvider        *provider,
                                                         const char          *email);
/* The longest wait for the person, in seconds; 0: until the code expires (expires_in). */
void             mail_oauth_device_flow_set_timeout      (MailOAuthDeviceFlow *self,
                                                          guint                seconds);
void             mail_oauth_device_flow_set_tls_database (MailOAuthDeviceFlow *self,
                                                          GTlsDatabase        *database);
/* The client the tokens were issued to; NULL before run. */
const char      *mail_oauth_device_flow_get_client_id    (MailOAuthDeviceFlow *self);
const char      *mail_oauth_device_flow_get_client_secret (MailOAuthDeviceFlow *self);
/* How often the token endpoint was asked, and how often it said slow_down (for tests). */
guint            mail_oauth_device_flow_get_polls        (MailOAuthDeviceFlow *self);

void             mail_oauth_device_flow_run_async        (MailOAuthDeviceFlow *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* The tokens, or NULL with a MAIL_DIAGNOSIS_ERROR (mail-diagnosis-error.h) carrying the
 * diagnosis: oauth-client-id-missing, oauth-consent-declined (access_denied),
 * oauth-device-code-expired (expired_token, or the code's lifetime or the time limit passed),
 * the token endpoint's other answers through the diagnosis engine, oauth-endpoint-error; or
 * G_IO_ERROR_CANCELLED. */
MailOAuthTokens *mail_oauth_device_flow_run_finish       (MailOAuthDeviceFlow *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
