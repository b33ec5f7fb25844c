/* mail-setup-sign-in-page.h: sign in with the browser (OAuth2) or with a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey-page.h"
#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_SIGN_IN_PAGE (mail_setup_sign_in_page_get_type ())
/* The page follows its journey ("journey" property): it shows the journey's account, its
 * address, provider and sign-in kind, updated when they change. */
G_DECLARE_FINAL_TYPE (MailSetupSignInPage, mail_setup_sign_in_page, MAIL_SETUP, SIGN_IN_PAGE,
                      MailSetupJourneyPage)

typedef enum
{
  MAIL_SETUP_SIGN_IN_OAUTH,       /* "Sign in with <provider>" */
  MAIL_SETUP_SIGN_IN_WAITING,     /* the browser is open, waiting for the answer */
  MAIL_SETUP_SIGN_IN_PASSWORD,    /* password or app password */
  MAIL_SETUP_SIGN_IN_CLIENT_ID,   /* no OAuth2 client ID configured: explain, ask for one */
} MailSetupSignInMode;

void                mail_setup_sign_in_page_set_account  (MailSetupSignInPage *self,
                                                          const char          *email,
                                                          const char          *provider_name,
                                                          MailAuthKind         auth,
                                                          const char          *app_password_url);
void                mail_setup_sign_in_page_set_mode     (MailSetupSignInPage *self,
                                                          MailSetupSignInMode  mode);
MailSetupSignInMode mail_setup_sign_in_page_get_mode     (MailSetupSignInPage *self);
/* The authorization URL the browser was sent to, offered by "Copy Link". */
void                mail_setup_sign_in_page_set_auth_url (MailSetupSignInPage *self,
                                                          const char          *url);
/* In the waiting mode: a sign-in on another device (RFC 8628), with the address to open there
 * and the code to type; the browser's words go until the mode is set again. */
void                mail_setup_sign_in_page_show_device_code (MailSetupSignInPage *self,
                                                              const char          *verification_uri,
                                                              const char          *user_code);
/* Returns a copy the caller frees with mail_secret_free(), and clears the field. */
char               *mail_setup_sign_in_page_take_password (MailSetupSignInPage *self);
void                mail_setup_sign_in_page_set_password  (MailSetupSignInPage *self,
                                                           const char          *password);
const char         *mail_setup_sign_in_page_get_client_id (MailSetupSignInPage *self);
void                mail_setup_sign_in_page_set_client_id (MailSetupSignInPage *self,
                                                           const char          *client_id);
/* Shown above the form: why the last attempt failed, or NULL. */
void                mail_setup_sign_in_page_set_message   (MailSetupSignInPage *self,
                                                           const char          *message);
/* A Microsoft organisation that refuses the shared ("common") sign-in address: shows the
 * tenant field on the OAuth2 form with why (said beside it) and focuses it; NULL
 * hides and empties it. dup_tenant: what was typed (stripped), NULL when empty or hidden. */
void                mail_setup_sign_in_page_ask_tenant    (MailSetupSignInPage *self,
                                                           const char          *why);
char               *mail_setup_sign_in_page_dup_tenant    (MailSetupSignInPage *self);
GtkEditable        *mail_setup_sign_in_page_get_tenant_editable (MailSetupSignInPage *self);

G_END_DECLS
