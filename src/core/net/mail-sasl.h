/* mail-sasl.h: the client messages of the SASL mechanisms the probe speaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MAIL_SASL_XOAUTH2,
  MAIL_SASL_OAUTHBEARER,
  MAIL_SASL_PLAIN,
  MAIL_SASL_LOGIN,
} MailSaslMechanism;

/* Every function returning char * below returns a secret in base64: free it with
 * mail_secret_free(), never log it. */

/* base64("user=" user "\x01auth=Bearer " token "\x01\x01") */
char       *mail_sasl_xoauth2_response      (const char        *user,
                                             const char        *token);
/* RFC 7628: base64("n,a=" user "," "\x01host=" host "\x01port=" port "\x01auth=Bearer " token
 * "\x01\x01"); ',' and '=' in user escaped as =2C / =3D; host/port left out when NULL/0. */
char       *mail_sasl_oauthbearer_response  (const char        *user,
                                             const char        *host,
                                             guint16            port,
                                             const char        *token);
/* RFC 4616: base64(authzid "\0" user "\0" password); authzid may be NULL. */
char       *mail_sasl_plain_response        (const char        *authzid,
                                             const char        *user,
                                             const char        *password);
/* LOGIN: base64(text) (the user name or the password). */
char       *mail_sasl_login_response        (const char        *text);

/* The client's answer to a server's error challenge: "" for XOAUTH2, "AQ==" (%x01) for
 * OAUTHBEARER (RFC 7628 3.2.3). Not secret. */
const char *mail_sasl_error_answer          (MailSaslMechanism  mechanism);
/* Decodes a server challenge (base64) to text for the transcript and the diagnosis, e.g. the
 * JSON {"status":"401",...} of an OAuth2 error. NULL if not base64 or not UTF-8 text. */
char       *mail_sasl_decode_challenge      (const char        *challenge);

const char *mail_sasl_mechanism_to_string   (MailSaslMechanism  mechanism);
gboolean    mail_sasl_mechanism_from_string (const char        *name,
                                             MailSaslMechanism *mechanism);

G_END_DECLS
