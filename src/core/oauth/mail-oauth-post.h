/* mail-oauth-post.h: one form POST to an OAuth2 endpoint and its answer, read with a bound
 *
 * Shared by the token client and the device-code flow: the form (it holds codes and tokens) is
 * wiped once sent, the answer is read up to MAIL_OAUTH_MAX_BODY_SIZE, and what of it is shown to
 * people has the secrets removed. The diagnosis of a failed request is made here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mail-diagnosis.h"

G_BEGIN_DECLS

/* The token endpoint's answer is never larger than this; a bigger one is an endpoint error. */
#define MAIL_OAUTH_MAX_BODY_SIZE (256 * 1024)

/* Removes the values of access_token, refresh_token, id_token and code from a body before it
 * is shown to people or handed to the diagnosis. */
char       *mail_oauth_redact_body     (const char       *body);

/* Appends name=value, percent-encoded, to an application/x-www-form-urlencoded form. */
void        mail_oauth_form_add        (GString          *form,
                                        const char       *name,
                                        const char       *value);

/* POSTs form (taken; wiped when libsoup is done with it) as the body of message, asking for JSON,
 * and reads the answer. */
void        mail_oauth_post_async      (SoupSession      *session,
                                        SoupMessage      *message,
                                        GString          *form,
                                        GCancellable     *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer          user_data);
/* The whole answer (the status is the message's), to free with mail_oauth_body_free(); NULL with
 * the error of sending or reading, or MAIL_ERROR_PROTOCOL when the answer is larger than
 * MAIL_OAUTH_MAX_BODY_SIZE (not read to the end). */
GByteArray *mail_oauth_post_finish     (SoupSession      *session,
                                        GAsyncResult     *result,
                                        GError          **error);
/* Wipes and frees an answer (it may hold tokens). */
void        mail_oauth_body_free       (GByteArray       *body);

/* A member of object that is non-empty text without control characters, or NULL. */
const char *mail_oauth_json_get_text   (JsonObject       *object,
                                        const char       *name);
/* The "error" of an OAuth error answer (RFC 6749 §5.2): non-empty text without control
 * characters, or NULL. */
char       *mail_oauth_error_code      (const GByteArray *body);

/* text with the values of tokens and codes removed (mail_oauth_redact_body()), and every secret
 * (NULL-terminated, may be NULL) of four characters or more replaced. */
char       *mail_oauth_scrub           (const char       *text,
                                        const char * const *secrets);
/* What of an answer may be shown: at most 2000 bytes of valid UTF-8, trimmed, "…" when cut,
 * scrubbed. */
char       *mail_oauth_shown_body      (const GByteArray *body,
                                        const char * const *secrets);

/* The diagnosis of a failed request to url at stage ("token", "refresh", "device"): for code,
 * or what the tables make of status_text and body (an answer they do not know is
 * oauth-endpoint-error). status_text NULL: no server lines. */
MailDiagnosis *mail_oauth_diagnosis    (const char       *code,
                                        const char       *stage,
                                        const char       *provider_id,
                                        const char       *email,
                                        const char       *url,
                                        const char       *status_text,
                                        const char       *body,
                                        const GError     *error);

G_END_DECLS
