/* mail-pkce.h: PKCE (RFC 7636) code verifier and challenge, and the OAuth2 state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Length of a verifier or state: 32 random octets in base64url without padding. */
#define MAIL_PKCE_RANDOM_LENGTH 43

/* base64url (RFC 4648 §5) without padding. */
char     *mail_base64url_encode     (const guint8 *data,
                                     gsize         length);
/* 32 octets from getrandom(2), base64url: a code verifier or a state.
 * NULL with MAIL_ERROR_FAILED only when the random generator fails. Free with
 * mail_secret_free(). */
char     *mail_pkce_random_string   (GError      **error);
/* BASE64URL(SHA256(ASCII(verifier))): the S256 code_challenge. */
char     *mail_pkce_challenge_s256  (const char   *verifier);
/* TRUE if text is 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1). */
gboolean  mail_pkce_verifier_is_valid (const char *text);

G_END_DECLS
