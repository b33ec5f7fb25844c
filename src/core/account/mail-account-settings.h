/* mail-account-settings.h: the settings of one account, as discovered, verified and exported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-provider.h"
#include "mail-server.h"

G_BEGIN_DECLS

#define MAIL_TYPE_ACCOUNT_SETTINGS (mail_account_settings_get_type ())

typedef struct
{
  char          *email;
  char          *provider_id;    /* NULL if no provider is known */
  char          *provider_name;
  MailAuthKind   auth;           /* the sign-in kind for this account */
  MailServer    *imap;           /* NULL if not known */
  MailServer    *smtp;
  MailProvider  *provider;       /* full provider data (OAuth, guidance) or NULL */
  GPtrArray     *notes;          /* char *: warnings for people ("autoconfig points to
                                  * another domain's servers", "found over plain HTTP") */
  GDateTime     *verified_at;    /* last successful full check, or NULL */
  GPtrArray     *other_servers;  /* MailServer *: discovery's other candidates (both protocols,
                                  * best first, a few per protocol: an autoconfig document's
                                  * further servers), offered only as alternatives after a
                                  * failed check (mail_server_alternatives); never NULL, not in
                                  * the JSON, not saved */
} MailAccountSettings;

GType                mail_account_settings_get_type  (void) G_GNUC_CONST;
MailAccountSettings *mail_account_settings_new       (const char                *email);
MailAccountSettings *mail_account_settings_copy      (const MailAccountSettings *settings);
void                 mail_account_settings_free      (MailAccountSettings       *settings);
/* Settings from a provider for email (both servers, sources filled in). */
MailAccountSettings *mail_account_settings_new_from_provider (MailProvider      *provider,
                                                              const char        *email);
/* The trust boundary for a whole account: the address (mail_email_validate), provider id and
 * name, both servers (mail_server_validate: hosts converted to their ASCII form) and the notes.
 * FALSE with MAIL_ERROR_INVALID_INPUT naming the field. */
gboolean             mail_account_settings_validate  (MailAccountSettings      *settings,
                                                      GError                  **error);
/* JSON without any secret: {"email","provider","provider_name","auth","imap":{host,port,
 * security,username,auth,source,source_url,trusted,trust_reason,given},"smtp":{...},"notes":[],
 * "verified_at"}. Reading back, "trusted" is ignored (TRUE). */
void                 mail_account_settings_to_json   (const MailAccountSettings *settings,
                                                      JsonBuilder               *builder);
/* Every value is checked with mail_account_settings_validate (). verified_at is read as written:
 * only the keyring's copy may be believed (export --settings-file drops it). */
MailAccountSettings *mail_account_settings_from_json (JsonNode                  *node,
                                                      MailProviderRegistry      *registry,
                                                      GError                   **error);

/* A settings JSON document (a settings file) parsed and read with
 * mail_account_settings_from_json (); text with a NUL byte or a "\u0000" escape (which
 * json-glib would cut short silently) is refused. length -1: data is NUL-terminated. */
MailAccountSettings *mail_account_settings_from_data (const char                *data,
                                                      gssize                     length,
                                                      MailProviderRegistry      *registry,
                                                      GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailAccountSettings, mail_account_settings_free)

G_END_DECLS
