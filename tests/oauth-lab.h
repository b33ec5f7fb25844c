/* oauth-lab.h: what the files of test-oauth-lab share: running the CLI with every output kept
 * for the secret check, the lab identity provider's control, the keyring read directly and
 * Dovecot spoken to directly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define ALICE "alice@example.test"
#define BOB "bob@example.test"

/* Everything any CLI run printed, except what `token` prints on purpose. */
extern GString *all_output;
/* Every token value seen (read back from the keyring or printed by `token`). */
extern GPtrArray *secrets;

const SecretSchema *account_schema  (void);
gboolean            lab_available   (void);
void                remember_secret (const char *value);

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;
} Run;

void run_free (Run *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* mail-setup-cli ARGS with the lab browser; env: extra "NAME=VALUE" (NULL-terminated) or NULL;
 * unset_env: a name to remove. */
Run        *run_cli_full     (const char         *stdin_text,
                              const char * const *env,
                              const char         *unset_env,
                              gboolean            prints_secret,
                              const char * const *args);
#define run_cli(stdin_text, ...) \
  run_cli_full (stdin_text, NULL, NULL, FALSE, (const char *[]) { __VA_ARGS__, NULL })
/* mail-setup-cli ARGS --json, killed after 60 s so that a run without end fails the test
 * instead of hanging it. */
Run        *run_cli_bounded  (const char * const *args);
/* Keeps what a finished run printed for the secret check (standard output only when it
 * prints no secret on purpose). */
void        run_keep         (Run                *run,
                              gboolean            prints_secret);
/* Its --json answer into run->json; when strict, standard output must be JSON. */
void        run_parse_json   (Run                *run,
                              gboolean            strict);
/* `forget EMAIL`, whatever it answers. */
void        forget_quietly   (const char         *email);

const char *json_string      (JsonNode           *node,
                              const char         *path);
/* A failure with exit status 1 and, in --json, diagnosis code. */
void        assert_diagnosis (Run                *run,
                              const char         *code);

/* The lab identity provider's control (tests/lab/mail-lab-idp.c). */
void        idp_post         (const char         *path,
                              const char         *form);
void        idp_control      (const char         *form);
void        idp_reset        (void);

typedef struct
{
  char       *label;
  GHashTable *attributes;
  char       *content_type;
  JsonNode   *secret;
  guint       count;
} Item;

void item_free (Item *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Item, item_free)

/* The account's item, or NULL; its secret tokens are remembered for the leak check. */
Item       *keyring_item     (const char         *email);
/* TRUE when Dovecot accepts token for email (AUTHENTICATE XOAUTH2 over implicit TLS). */
gboolean    dovecot_accepts  (const char         *email,
                              const char         *token);

/* The tests of the other files, in the order test-oauth-lab.c runs them. */
/* test-oauth-lab-refresh.c */
void test_refresh                      (void);
void test_concurrent_refresh           (void);
void test_refresh_lock_wait            (void);
void test_token_endpoint_deadline      (void);
void test_timeout_option               (void);
void test_refresh_revoked              (void);
/* test-oauth-lab-keyring.c */
void test_keyring_unavailable          (void);
void test_keyring_locked               (void);
void test_keyring_locked_after_restart (void);
/* test-oauth-lab-device.c */
void test_device_code                  (void);
void test_device_code_slow_down        (void);
void test_device_code_failures         (void);
void test_tenant                       (void);
/* test-oauth-lab-accounts.c */
void test_shared_mailbox               (void);
void test_sign_in_health               (void);

G_END_DECLS
