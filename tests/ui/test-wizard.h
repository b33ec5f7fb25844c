/* test-wizard.h: the wizard's tests, one file a journey (test-wizard.c runs them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* test-wizard-password.c */
void test_password_account (void);
void test_troubleshoot_stored (void);
void test_suggested_settings (void);
void test_remove_account (void);

/* test-wizard-oauth.c */
void test_oauth_account (void);
void test_oauth_cancel (void);
void test_oauth_device_code (void);
void test_shared_mailbox (void);
void test_tenant (void);
void test_oauth_client_id_missing (void);
void test_no_client_id_app_password (void);

/* test-wizard-errors.c */
void test_imap_disabled (void);
void test_imap_disabled_audience (void);
void test_primary_fix_table (void);
void test_cancel_check (void);

/* test-wizard-trust.c */
void test_certificate_trust (void);
void test_certificate_expired (void);
void test_trust_file_private (void);
void test_endless_files (void);
void test_untrusted_settings (void);

/* test-wizard-keyboard.c */
void test_keyboard_password (void);
void test_keyboard_oauth_narrow (void);

G_END_DECLS
