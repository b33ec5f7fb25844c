/* mail-other-app-account.h: one account as another mail app has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mail-account-settings.h"
#include "mail-types.h"

G_BEGIN_DECLS

/* Where the app keeps the secret. Mail Setup reads it only where it may and the person agrees. */
typedef enum
{
  MAIL_OTHER_APP_CREDENTIAL_UNKNOWN,
  MAIL_OTHER_APP_CREDENTIAL_NONE,     /* the app signs in without a secret */
  MAIL_OTHER_APP_CREDENTIAL_KEYRING,  /* a Secret Service item: keyring_schema + attribute=value */
  MAIL_OTHER_APP_CREDENTIAL_COMMAND,  /* passwordeval, PassCmd, *-cred-cmd: detail = command */
  MAIL_OTHER_APP_CREDENTIAL_IN_FILE,  /* written in the app's file: never read */
  MAIL_OTHER_APP_CREDENTIAL_NSS,      /* Thunderbird's logins.json, NSS-encrypted: not readable */
  MAIL_OTHER_APP_CREDENTIAL_OAUTH2,   /* the app holds an OAuth2 grant (GOA hands out tokens) */
} MailOtherAppCredential;

/* One server as the app has it. */
typedef struct
{
  char         *host;
  guint16       port;
  MailSecurity  security;
  char         *username;     /* NULL: the app uses the address or none */
  char         *auth_method;  /* the app's own words ("normal password", "XOAUTH2"), or NULL */
  MailAuthKind  auth;         /* what that means for the check */
  char         *source;       /* "~/.msmtprc:12", "accounts.conf [Account x] ImapHost" */
} MailOtherAppServer;

typedef struct
{
  char                   *app;        /* "goa", "evolution", "geary", "thunderbird", "msmtp",
                                       * "mbsync", "neomutt", "aerc" */
  char                   *label;      /* the account's name in the app */
  char                   *email;      /* or NULL when the app does not say */
  MailOtherAppServer     *imap;       /* NULL: the app has none (msmtp, mbsync) */
  MailOtherAppServer     *smtp;
  MailOtherAppCredential  credential;
  char                   *credential_detail;  /* the command, or the keyring item for people */
  char                   *keyring_schema;     /* KEYRING: libsecret schema name */
  char                   *keyring_attribute;  /* KEYRING: attribute and value to look up */
  char                   *keyring_value;
  char                  **keyring_more;       /* KEYRING: more attribute, value, …, NULL */
  char                   *goa_id;     /* GOA: account id (for its D-Bus object) */
  char                   *file;       /* the file read (shown with ~ for the home directory) */
  char                   *error;      /* set: this file could not be read; the rest may be NULL */
} MailOtherAppAccount;

MailOtherAppServer  *mail_other_app_server_new        (void);
void                 mail_other_app_server_free       (MailOtherAppServer        *server);

MailOtherAppAccount *mail_other_app_account_new       (const char                *app,
                                                       const char                *file);
MailOtherAppAccount *mail_other_app_account_new_error (const char                *app,
                                                       const char                *file,
                                                       const char                *message);
void                 mail_other_app_account_free      (MailOtherAppAccount       *account);

const char          *mail_other_app_credential_to_string (MailOtherAppCredential  credential);
/* The app's name for people ("Thunderbird", "GNOME Online Accounts"). */
const char          *mail_other_app_display_name      (const char                *app);

/* {"app","app_name","label","email","file","error","imap":{host,port,security,username,
 *  auth_method,auth,source},"smtp":{...},"credential":{"kind","detail"}}; no secret is ever in
 * an account. */
void                 mail_other_app_account_to_json   (const MailOtherAppAccount *account,
                                                       JsonBuilder               *builder);
/* The settings to check: email (or fallback_email), both servers as the app has them. */
MailAccountSettings *mail_other_app_account_to_settings (const MailOtherAppAccount *account,
                                                         const char                *fallback_email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOtherAppServer, mail_other_app_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOtherAppAccount, mail_other_app_account_free)

G_END_DECLS
