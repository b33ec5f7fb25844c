/* mail-test-hooks.c: the only place that reads the test-only environment variables
 *
 * The discovery hooks only with -Dtest_hooks=true; see mail-test-hooks.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-table-resolver.h"
#include "mail-test-hooks.h"
#include "mail-types.h"

static const char *
get_hook (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

void
mail_test_hooks_load_provider_files (MailProviderRegistry *registry)
{
  const char *files = get_hook ("MAIL_SETUP_PROVIDER_FILES");
  g_auto(GStrv) paths = NULL;

  g_return_if_fail (registry != NULL);

  if (files == NULL)
    return;
  paths = g_strsplit (files, ":", -1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (*paths[i] != '\0' && !mail_provider_registry_load_file (registry, paths[i], &error))
        g_message ("Provider file skipped: %s", error->message);
    }
}

const char *
mail_test_hooks_get_ca_file (void)
{
  return get_hook ("MAIL_SETUP_CA_FILE");
}

const char *
mail_test_hooks_get_trust_file (void)
{
  return get_hook ("MAIL_SETUP_TRUST_FILE");
}

#if MAIL_SETUP_TEST_HOOKS

gboolean
mail_test_hooks_get_discovery_redirects (gboolean     *resolver_replaced,
                                         const char  **autoconfig_base,
                                         const char  **ispdb_base,
                                         GError      **error)
{
  const char *value;

  *resolver_replaced = FALSE;
  *autoconfig_base = get_hook ("MAIL_SETUP_AUTOCONFIG_BASE");
  *ispdb_base = get_hook ("MAIL_SETUP_ISPDB_BASE");
  if ((value = get_hook ("MAIL_SETUP_TEST_DNS_FILE")) != NULL)
    {
      g_autoptr(MailTableResolver) resolver = mail_table_resolver_new ();
      g_autoptr(GError) local_error = NULL;

      if (!mail_table_resolver_load_file (resolver, value, &local_error))
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       "MAIL_SETUP_TEST_DNS_FILE: %s", local_error->message);
          return FALSE;
        }
      g_resolver_set_default (G_RESOLVER (resolver));
      *resolver_replaced = TRUE;
    }
  return TRUE;
}

guint
mail_test_hooks_get_oauth_timeout (void)
{
  const char *value = get_hook ("MAIL_SETUP_TEST_OAUTH_TIMEOUT");
  guint64 seconds = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}

#endif
