/* mail-connect.c: sockets and TLS connections that cost only what they use
 *
 * GIO resolves a proxy for every connection, even to an IP address: its default resolver
 * loads libproxy (and libstdc++) or GNOME's settings (dconf) first. And a TLS connection
 * created without a database takes the system's, then GnuTLS parses the system bundle a second
 * time for the connection's own credentials. Both are paid before the first byte is sent.
 *
 * The proxy rule (mail_proxy_is_configured), so that people with a proxy keep it:
 * - GIO_USE_PROXY_RESOLVER set: GIO decides (someone chose a resolver);
 * - any of http_proxy, https_proxy, all_proxy (either case) set: GIO decides;
 * - /etc/sysconfig/proxy present (read by libproxy): GIO decides;
 * - a desktop in XDG_CURRENT_DESKTOP: on GNOME, its proxy setting decides (mode "none" is a
 *   direct connection, anything else goes to GIO); any other desktop: GIO decides (libproxy
 *   reads its settings);
 * - otherwise (no desktop, no variables: scripts, SSH, mail clients' credential commands):
 *   a direct connection, as libproxy would find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-connect.h"
#include "mail-tls-database.h"

static gboolean
variable_set (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0';
}

static gboolean
gnome_proxy_mode_is_none (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *mode = NULL;

  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, "org.gnome.system.proxy", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "mode"))
    return FALSE;
  settings = g_settings_new_full (schema, NULL, NULL);
  mode = g_settings_get_string (settings, "mode");
  return g_strcmp0 (mode, "none") == 0;
}

static gboolean
decide_proxy_configured (void)
{
  static const char * const variables[] = {
    "GIO_USE_PROXY_RESOLVER",
    "http_proxy", "https_proxy", "all_proxy",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
  };
  const char *desktop;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    if (variable_set (variables[i]))
      return TRUE;
  if (g_file_test ("/etc/sysconfig/proxy", G_FILE_TEST_EXISTS))
    return TRUE;
  desktop = g_getenv ("XDG_CURRENT_DESKTOP");
  if (desktop == NULL || *desktop == '\0')
    return FALSE;
  if (strstr (desktop, "GNOME") != NULL)
    return !gnome_proxy_mode_is_none ();
  return TRUE;
}

/* TRUE when a connection may have to go through a proxy (see the rule above). Decided once. */
gboolean
mail_proxy_is_configured (void)
{
  static gsize decided = 0;
  static gboolean configured;

  if (g_once_init_enter (&decided))
    {
      configured = decide_proxy_configured ();
      g_once_init_leave (&decided, 1);
    }
  return configured;
}

/* A GSocketClient that asks GIO's proxy resolver only when a proxy may be configured. */
GSocketClient *
mail_socket_client_new (void)
{
  GSocketClient *client = g_socket_client_new ();

  if (!mail_proxy_is_configured ())
    g_socket_client_set_enable_proxy (client, FALSE);
  return client;
}

/* A TLS client connection whose database is set when it is made: database, or the system's
 * (loaded once per process, and only when a certificate has to be checked against it). */
GIOStream *
mail_tls_client_connection_new (GIOStream           *base,
                                GSocketConnectable  *identity,
                                GTlsDatabase        *database,
                                GError             **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);

  return g_initable_new (g_tls_backend_get_client_connection_type (backend), NULL, error,
                         "base-io-stream", base,
                         "server-identity", identity,
                         "database", database != NULL ? database : mail_tls_database_get_system (),
                         NULL);
}
