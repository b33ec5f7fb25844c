/* mail-oauth-listener.h: the loopback redirect receiver of the OAuth2 sign-in (RFC 8252)
 *
 * Listens on 127.0.0.1 and, where available, ::1 on the same ephemeral port (never another
 * interface) and waits for exactly one valid callback: GET on the redirect path with the
 * expected state. Everything else (favicon, probes, other paths, other methods) gets a 404
 * and the wait goes on. A callback with another state ends the wait with
 * MAIL_OAUTH_ERROR_STATE_MISMATCH. The browser tab gets a small page in the person's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MAIL_OAUTH_ERROR (mail_oauth_error_quark ())
typedef enum
{
  MAIL_OAUTH_ERROR_STATE_MISMATCH,  /* the answer belongs to another sign-in (or a forgery) */
  MAIL_OAUTH_ERROR_NOT_CALLBACK,    /* the query carries neither code nor error */
  MAIL_OAUTH_ERROR_MALFORMED,       /* bad encoding, repeated or oversized parameters */
} MailOAuthError;

GQuark mail_oauth_error_quark (void);

#define MAIL_TYPE_OAUTH_CALLBACK (mail_oauth_callback_get_type ())

/* What the authorization server sent back on the redirect (RFC 6749 §4.1.2). */
typedef struct
{
  char *code;               /* secret: wiped on free; NULL when error is set */
  char *state;
  char *error;              /* "access_denied", ...; NULL on success */
  char *error_description;
  char *error_uri;
} MailOAuthCallback;

GType              mail_oauth_callback_get_type (void) G_GNUC_CONST;
/* Pure: parses the raw (still percent-encoded) query of a redirect. NULL with
 * MAIL_OAUTH_ERROR_NOT_CALLBACK when it has neither code nor error, MAIL_OAUTH_ERROR_MALFORMED
 * for bad encoding, repeated parameters, control characters or more than 16 KiB. */
MailOAuthCallback *mail_oauth_callback_parse    (const char              *query,
                                                 GError                 **error);
MailOAuthCallback *mail_oauth_callback_copy     (const MailOAuthCallback *callback);
void               mail_oauth_callback_free     (MailOAuthCallback       *callback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOAuthCallback, mail_oauth_callback_free)

#define MAIL_OAUTH_LISTENER_DEFAULT_TIMEOUT 300

#define MAIL_TYPE_OAUTH_LISTENER (mail_oauth_listener_get_type ())
G_DECLARE_FINAL_TYPE (MailOAuthListener, mail_oauth_listener, MAIL, OAUTH_LISTENER, GObject)

/* state: the value the callback must carry (compared in constant time). */
MailOAuthListener *mail_oauth_listener_new           (const char          *state);
/* Binds 127.0.0.1 on an ephemeral port, and ::1 on the same port where IPv6 works. */
gboolean           mail_oauth_listener_start         (MailOAuthListener   *self,
                                                      GError             **error);
/* 0 before start and after close. */
guint16            mail_oauth_listener_get_port      (MailOAuthListener   *self);
/* The addresses listened on ("127.0.0.1", "::1"); empty when closed. */
GStrv              mail_oauth_listener_get_addresses (MailOAuthListener   *self);
/* Waits for the callback. timeout_s 0: MAIL_OAUTH_LISTENER_DEFAULT_TIMEOUT. The listener is
 * closed when the wait ends, whatever the outcome. Returns the callback (a code, or the
 * provider's error=...), or NULL with MAIL_OAUTH_ERROR_STATE_MISMATCH, MAIL_ERROR_TIMEOUT or
 * G_IO_ERROR_CANCELLED. */
void               mail_oauth_listener_wait_async    (MailOAuthListener   *self,
                                                      guint                timeout_s,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MailOAuthCallback *mail_oauth_listener_wait_finish   (MailOAuthListener   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Stops listening at once (also done on dispose). */
void               mail_oauth_listener_close         (MailOAuthListener   *self);

G_END_DECLS
