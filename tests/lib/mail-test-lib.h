/* mail-test-lib.h: helpers shared by the tests (tests/lib/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-account-settings.h"

G_BEGIN_DECLS

/* --- running programs and the CLI (mail-test-cli.c) ------------------------------------- */

typedef enum
{
  MAIL_TEST_RUN_DEFAULT      = 0,
  MAIL_TEST_RUN_MERGE_STDERR = 1 << 0,  /* stderr into stdout */
  MAIL_TEST_RUN_LOG          = 1 << 1,  /* status and output as test messages */
  MAIL_TEST_RUN_BYTES        = 1 << 2,  /* output any bytes but NUL, not only UTF-8 */
} MailTestRunFlags;

int   mail_test_run_program  (const char * const *argv,
                              const char * const *env,
                              const char         *cwd,
                              MailTestRunFlags    flags,
                              const char         *stdin_text,
                              char              **out_stdout,
                              char              **out_stderr);
void  mail_test_run_cli      (const char * const *argv,
                              const char         *stdin_text,
                              char              **out_stdout,
                              char              **out_stderr,
                              int                *out_status);
void  mail_test_run_cli_env  (const char * const *env,
                              const char * const *argv,
                              const char         *stdin_text,
                              char              **out_stdout,
                              char              **out_stderr,
                              int                *out_status);
const char *mail_test_cli_path (void);
gboolean    mail_test_have_cli (void);

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;  /* stdout when it is one JSON object, else NULL */
} MailTestCliRun;

MailTestCliRun *mail_test_cli_run      (const char * const *env,
                                        const char         *stdin_text,
                                        const char * const *argv);
MailTestCliRun *mail_test_cli_run_full (const char * const *env,
                                        MailTestRunFlags    flags,
                                        const char         *stdin_text,
                                        const char * const *argv);
void            mail_test_cli_run_log  (const MailTestCliRun *run);
void            mail_test_cli_run_assert_no_secret (const MailTestCliRun *run,
                                                    const char           *secret);
void            mail_test_cli_run_free (MailTestCliRun *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailTestCliRun, mail_test_cli_run_free)

/* --- the lab (mail-test-lab.c) ------------------------------------------------------------ */

gboolean    mail_test_lab_available    (void);
gboolean    mail_test_need_program     (const char *path_or_name,
                                        const char *why);
const char *mail_test_env              (const char *name);
guint16     mail_test_lab_port         (const char *variable);
GTlsDatabase *mail_test_lab_database   (void);
char       *mail_test_lab_mint_token   (const char *user,
                                        const char *state);
void        mail_test_lab_idp_control  (const char *form);
void        mail_test_lab_idp_reset    (void);

/* --- the keyring (mail-test-keyring.c) ----------------------------------------------------- */

void        mail_test_record_verification (const MailAccountSettings *settings,
                                           gboolean                   forget_first);

/* --- secrets and files (mail-test-files.c) ---------------------------------------------- */

void  mail_test_assert_no_secret         (const char *text,
                                          const char *secret);
void  mail_test_assert_no_secret_in_tree (const char *dir,
                                          const char *secret);
char *mail_test_make_tmp_dir             (const char *template);
void  mail_test_remove_tree              (const char *path);
void  mail_test_write_file               (const char *dir,
                                          const char *relative,
                                          const char *contents);
JsonParser *mail_test_load_corpus        (void);

G_END_DECLS
