/* test-export.h: what the export tests share (one test program, one file per format)
 *
 * test-export.c: every format at once (names, no secret, refusals, hostile values) and main ();
 * test-export-file.c: writing files and the `export` command; test-export-FORMAT.c: one format,
 * judged where possible by the client itself, and how it reads back a hostile user name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-export.h"

G_BEGIN_DECLS

/* A distinctive fake client secret: it may not show up in any export. */
#define FAKE_CLIENT_SECRET "FAKE-CLIENT-SECRET-hunter2-91b"

/* A provider with OAuth2 and passwords (OAUTHBEARER first), and one like Microsoft: OAuth2
 * only, XOAUTH2 only. */
extern const char *provider_ini;
extern const char *oauth_only_ini;

/* The writers only ever see settings; the secrets that could leak from them are the
 * provider's client secret (Google's "not a secret" one) and anything a future field might
 * carry. The lab suite greps exports of accounts with real tokens and passwords in the
 * keyring. */
typedef struct
{
  MailAccountSettings *oauth;     /* verified OAuth2 account */
  MailAccountSettings *password;  /* verified password account */
  char                *dir;       /* temporary directory */
} Fixture;

/* test-export-common.c */
MailAccountSettings *make_settings     (const char                *ini,
                                        const char                *email,
                                        MailAuthKind               auth);
void                 fixture_set_up    (Fixture                   *fixture,
                                        gconstpointer              data);
void                 fixture_tear_down (Fixture                   *fixture,
                                        gconstpointer              data);
char                *render            (const MailAccountSettings *settings,
                                        MailExportFormat           format);
void                 assert_no_secret  (const char                *text);
/* Each of needles (NULL-terminated) is in text; the missing one is named. */
void                 assert_contains   (const char                *text,
                                        const char * const        *needles);
int                  run               (const char * const        *argv,
                                        const char                *input,
                                        char                     **out,
                                        char                     **err);
char                *write_temp        (Fixture                   *fixture,
                                        const char                *name,
                                        const char                *contents);
void                 assert_dir_entries (const char              *dir,
                                         guint                    expected);

/* test-export-file.c */
void test_write_mode_and_replace (Fixture *fixture, gconstpointer data);
void test_write_fails_cleanly    (Fixture *fixture, gconstpointer data);
void test_write_special_refused  (Fixture *fixture, gconstpointer data);
void test_cli                    (Fixture *fixture, gconstpointer data);
void test_cli_special_refused    (Fixture *fixture, gconstpointer data);

/* test-export-FORMAT.c: the tests of one format, and check_FORMAT (): what the client reads
 * back for a hostile user name is exactly that name (or the format refuses it). */
void test_thunderbird            (Fixture *fixture, gconstpointer data);
void test_thunderbird_oauth_only (Fixture *fixture, gconstpointer data);
void test_thunderbird_discovery  (Fixture *fixture, gconstpointer data);
void test_mbsync                 (Fixture *fixture, gconstpointer data);
void test_mbsync_needs_xoauth2   (Fixture *fixture, gconstpointer data);
void test_msmtp                  (Fixture *fixture, gconstpointer data);
void test_neomutt                (Fixture *fixture, gconstpointer data);
void test_aerc                   (Fixture *fixture, gconstpointer data);
void test_mobileconfig           (Fixture *fixture, gconstpointer data);
void test_mobileconfig_oauth     (Fixture *fixture, gconstpointer data);
void test_json_round_trip        (Fixture *fixture, gconstpointer data);

void check_thunderbird  (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_mbsync       (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_msmtp        (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_neomutt      (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_aerc         (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_mobileconfig (Fixture *fixture, const MailAccountSettings *settings, const char *user);
void check_json         (const MailAccountSettings *settings, const char *user);

G_END_DECLS
