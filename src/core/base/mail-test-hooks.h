/* mail-test-hooks.h: the environment variables that point the programs at test servers
 *
 * Every build reads three, documented in mail-setup(1) for self-hosted servers and tests:
 *
 *   MAIL_SETUP_PROVIDER_FILES   colon-separated provider files loaded besides the defaults
 *   MAIL_SETUP_CA_FILE          a PEM file of extra CA certificates to trust
 *   MAIL_SETUP_TRUST_FILE       the trusted-certificates file instead of the user's
 *
 * The others redirect discovery, for test suites only:
 *
 * Whoever can set a variable in a person's session could otherwise send discovery (and then the
 * person's password) wherever they like. So these hooks exist only in builds configured with
 * -Dtest_hooks=true (the test suite's builds); in every other build the functions below do
 * nothing, and the variables' names do not even appear in the programs.
 *
 *   MAIL_SETUP_TEST_DNS_FILE    a MailTableResolver table, made the default resolver
 *   MAIL_SETUP_AUTOCONFIG_BASE  autoconfig lookups go to this base URL
 *   MAIL_SETUP_ISPDB_BASE       ISPDB lookups go to this base URL
 *   MAIL_SETUP_TEST_OAUTH_TIMEOUT  seconds the wizard's browser sign-in waits
 *
 * Every read of these variables is in mail-test-hooks.c; the discovery hooks are compiled only
 * in test builds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "config.h"

#include "mail-provider.h"

G_BEGIN_DECLS

/* Loads the files of MAIL_SETUP_PROVIDER_FILES into registry; a file that cannot be used is
 * skipped with a message. */
void        mail_test_hooks_load_provider_files (MailProviderRegistry *registry);
/* MAIL_SETUP_CA_FILE, or NULL when unset or empty. */
const char *mail_test_hooks_get_ca_file        (void);
/* MAIL_SETUP_TRUST_FILE, or NULL when unset or empty. */
const char *mail_test_hooks_get_trust_file     (void);

#if MAIL_SETUP_TEST_HOOKS

/* MAIL_SETUP_TEST_DNS_FILE made the default resolver (*resolver_replaced: discovery must use
 * it), and the MAIL_SETUP_AUTOCONFIG_BASE and MAIL_SETUP_ISPDB_BASE redirects (NULL: unset).
 * FALSE with MAIL_ERROR_INVALID_INPUT when the DNS file cannot be used. */
gboolean    mail_test_hooks_get_discovery_redirects (gboolean     *resolver_replaced,
                                                     const char  **autoconfig_base,
                                                     const char  **ispdb_base,
                                                     GError      **error);

/* MAIL_SETUP_TEST_OAUTH_TIMEOUT: seconds a browser sign-in waits; 0 when unset. */
guint       mail_test_hooks_get_oauth_timeout (void);

#else

static inline guint
mail_test_hooks_get_oauth_timeout (void)
{
  return 0;
}

static inline gboolean
mail_test_hooks_get_discovery_redirects (gboolean     *resolver_replaced,
                                         const char  **autoconfig_base,
                                         const char  **ispdb_base,
                                         GError      **error)
{
  *resolver_replaced = FALSE;
  *autoconfig_base = *ispdb_base = NULL;
  return TRUE;
}

#endif

G_END_DECLS
