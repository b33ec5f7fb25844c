/* mail-cli-login.h: the keyring side of the CLI (login, token, accounts, forget), shared by
 * its files: one command's wait for the core, and the ways `login` signs in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-account-store.h"
#include "mail-cli.h"
#include "mail-oauth-token-client.h"

G_BEGIN_DECLS

/* One command's wait for the core and what it gave. */
typedef struct
{
  MailCliCommon     *common;
  const char        *stage;       /* for a failure no diagnosis explains */
  GCancellable      *cancellable;
  gboolean           done;
  gboolean           no_browser;
  gboolean           device_code;
  const char        *shared;      /* --shared MAILBOX, or NULL */
  guint              timeout_id;
  guint              timeout_s;
  gboolean           timed_out;

  /* results */
  MailOAuthTokens   *tokens;
  MailStoredAccount *account;
  GPtrArray         *accounts;
  char              *secret;
  MailAuthKind       kind;
  gboolean           ok;
  MailDiagnosis     *diagnosis;
  GError            *error;
} MailCliRun;


void  mail_cli_run_clear             (MailCliRun          *run);
/* Runs the main loop until run->done, with Ctrl+C (and optionally a time limit) cancelling. */
void  mail_cli_run_wait              (MailCliRun          *run,
                                      guint                timeout_s);
/* A failure: the diagnosis when there is one (run->diagnosis, or the one run->error carries),
 * else the error's sentence. Returns 1. */
int   mail_cli_run_fail              (MailCliRun          *run);

/* ISO 8601 in UTC, or NULL for 0. */
char *mail_cli_format_time           (gint64               unix_seconds);
/* name: value, or name: null. */
void  mail_cli_add_optional_string   (JsonBuilder         *builder,
                                      const char          *name,
                                      const char          *value);
/* Parses the options of a command that takes one address (or none). Returns -1 when parsing
 * went well, or the exit status to return. */
int   mail_cli_parse_email_command   (MailCliCommon       *common,
                                      const char          *summary,
                                      const GOptionEntry  *entries,
                                      int                 *argc,
                                      char              ***argv,
                                      gboolean             needs_email);

/* The settings an account of provider (or none) signed in with kind starts from. */
MailAccountSettings *mail_cli_login_settings_for (MailProvider      *provider,
                                                  const char        *email,
                                                  MailAuthKind       kind);
/* Saves account in the keyring and prints what was saved. */
int   mail_cli_login_save            (MailCliRun          *run,
                                      MailAccountStore    *store,
                                      MailStoredAccount   *account);
/* Saves the tokens of an OAuth2 sign-in (run->tokens) as email's account, or with --shared as
 * the shared mailbox's, issued to client_id; or, without tokens, says why the sign-in failed. */
int   mail_cli_login_save_tokens     (MailCliRun          *run,
                                      MailAccountStore    *store,
                                      MailProvider        *provider,
                                      const char          *email,
                                      const char          *client_id,
                                      const char          *client_secret);

/* The ways `login` signs in; each saves the account and prints it. */
int   mail_cli_login_browser         (MailCliRun          *run,
                                      MailAccountStore    *store,
                                      MailProvider        *provider,
                                      const char          *email);
int   mail_cli_login_device          (MailCliRun          *run,
                                      MailAccountStore    *store,
                                      MailProvider        *provider,
                                      const char          *email);
int   mail_cli_login_password        (MailCliRun          *run,
                                      MailAccountStore    *store,
                                      MailProvider        *provider,
                                      const char          *email,
                                      MailAuthKind         kind,
                                      gboolean             password_stdin);

G_END_DECLS
