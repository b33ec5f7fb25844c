/* mail-cli.h: what every mail-setup-cli subcommand shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-diagnosis.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* Exit statuses of docs/cli.md */
enum
{
  MAIL_CLI_EXIT_OK = 0,
  MAIL_CLI_EXIT_FAILED = 1,
  MAIL_CLI_EXIT_USAGE = 2,
};

/* The common options (cli.md "Common options"). */
typedef struct
{
  char                 *provider_id;     /* --provider */
  char                **provider_files;  /* --provider-file, repeatable */
  gboolean              json;            /* --json */
  char                 *ca_file;         /* --ca-file */
  int                   timeout_s;       /* --timeout; 0 = the subcommand's default */
  MailProviderRegistry *registry;        /* loaded after parsing */
  GTlsDatabase         *tls_database;    /* system + --ca-file, or NULL for the default */
  char                 *timeout_text;    /* --timeout as given */
  gint64                deadline;        /* g_get_monotonic_time() when --timeout ends, 0 none */

/* --timeout: 1 second to one day. */
#define MAIL_CLI_MAX_TIMEOUT 86400
  gboolean              defer_providers; /* set before finish: registry left empty, see
                                          * mail_cli_common_load_providers */
  gboolean              providers_loaded;
} MailCliCommon;

/* Loads the built-in and installed provider definitions into common->registry (once). Only
 * needed after mail_cli_common_finish with defer_providers set. */
void          mail_cli_common_load_providers (MailCliCommon *common);

typedef int (*MailCliCommandFunc) (MailCliCommon *common,
                                   int            argc,
                                   char         **argv);

/* Before any parsing: notes --json anywhere on the command line (before "--"), so that a
 * usage error, even one GOption finds before reaching --json, is one JSON object too. */
void          mail_cli_common_scan_json   (MailCliCommon  *common,
                                           int             argc,
                                           char          **argv);
/* Adds the common options to context. */
void          mail_cli_common_add_options (MailCliCommon  *common,
                                           GOptionContext *context);
/* --help's end: the command's example (by g_get_prgname ()) and the exit statuses. */
void          mail_cli_help_add_footer    (GOptionContext *context);
const char   *mail_cli_help_exit_status   (void);
/* After parsing: loads providers (+ --provider-file) and --ca-file. FALSE: usage error, printed. */
gboolean      mail_cli_common_finish      (MailCliCommon  *common);
void          mail_cli_common_clear       (MailCliCommon  *common);

/* Text from outside (file names, provider files, discovery answers, server words, the keyring)
 * made safe for a terminal: control characters, Unicode's bidirectional controls and invalid
 * UTF-8 become visible escapes (\x1b, \r, \u202e, \xff). With keep_newlines, "\n" stays a
 * line break (for composed text whose lines are ours). */
char         *mail_cli_escape             (const char     *text,
                                           gboolean        keep_newlines);
/* printf () on stdout / stderr of text that may carry words from outside: the whole text goes
 * through mail_cli_escape () (keeping line breaks). Every plain-text output of the CLI but the
 * secret that `token` prints and an export on stdout goes through these. */
void          mail_cli_print              (const char     *format,
                                           ...) G_GNUC_PRINTF (1, 2);
void          mail_cli_printerr           (const char     *format,
                                           ...) G_GNUC_PRINTF (1, 2);

/* Prints a usage error on stderr (and as JSON on stdout with --json); returns 2. */
int           mail_cli_usage_error        (MailCliCommon  *common,
                                           const char     *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* Prints a diagnosis (text on stderr, or {"ok":false,"diagnosis":{...}} + extra on stdout
 * with --json); returns 1. */
int           mail_cli_print_diagnosis    (MailCliCommon       *common,
                                           const MailDiagnosis *diagnosis);
/* The same with what add_members adds to the JSON object (may be NULL). */
int           mail_cli_print_diagnosis_with (MailCliCommon       *common,
                                             const MailDiagnosis *diagnosis,
                                             void      (*add_members) (JsonBuilder *builder,
                                                                       gpointer     user_data),
                                             gpointer             user_data);
/* A copy of the diagnosis a MAIL_DIAGNOSIS_ERROR carries (mail-diagnosis-error.h), or NULL. */
MailDiagnosis *mail_cli_diagnosis_from_error (const GError *error);
/* Prints message on stderr and, with --json, {"ok":false,"error":message,"diagnosis":{...}}
 * plus what add_members adds; returns 1. */
int           mail_cli_print_failure      (MailCliCommon  *common,
                                           const char     *stage,
                                           const char     *message,
                                           void          (*add_members) (JsonBuilder *builder,
                                                                         gpointer     user_data),
                                           gpointer        user_data);
/* Prints a finished JsonBuilder's root on stdout, pretty. */
void          mail_cli_print_json         (JsonBuilder    *builder);
/* Reads all of standard input (a password or token), strips one trailing newline.
 * NULL with error when empty or unreadable. Caller frees with mail_secret_free(). */
char         *mail_cli_read_secret_stdin  (GError        **error);
/* Runs the default main context until *done is TRUE. */
void          mail_cli_run_until          (gboolean       *done);

/* Subcommands; each in its own file. */
int mail_cli_test     (MailCliCommon *common, int argc, char **argv);
int mail_cli_discover (MailCliCommon *common, int argc, char **argv);
int mail_cli_login    (MailCliCommon *common, int argc, char **argv);
int mail_cli_token    (MailCliCommon *common, int argc, char **argv);
int mail_cli_accounts (MailCliCommon *common, int argc, char **argv);
int mail_cli_forget   (MailCliCommon *common, int argc, char **argv);
int mail_cli_export   (MailCliCommon *common, int argc, char **argv);

G_END_DECLS
