/* mail-lab-idp.c: the test lab's OAuth2 identity provider
 *
 * A small authorization server shaped like Microsoft's identity platform: /authorize answers
 * at once with a redirect (auto-approve), /token does the code (PKCE S256) and refresh grants
 * (refresh tokens rotate; with /control rotation=reuse_detection a reused one revokes every
 * token of its sign-in), /introspect serves Dovecot's oauth2 passdb, /settings is a page to
 * open, and /control switches failure behaviours for tests. Device-code sign-in (RFC 8628):
 * /devicecode hands out a device and a user code, /device/approve?user_code=…[&user=…]
 * [&deny=1] is the person entering it, and /token answers the device_code grant with
 * authorization_pending, slow_down, expired_token, access_denied or the tokens. The same
 * endpoints answer under /TENANT/oauth2/v2.0/{authorize,token,devicecode} as Microsoft's; with
 * single_tenant set (an app registered in one tenant), any other tenant, "common" included, is
 * refused with AADSTS50194. Listens on 127.0.0.1 only.
 * Tokens and codes are random and never printed. The endpoints live in mail-lab-idp-token.c and
 * mail-lab-idp-device.c, the answers in mail-lab-idp-http.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "mail-lab-idp.h"

Idp idp;

static void
idp_reset_modes (void)
{
  g_free (idp.authorize_mode);
  g_free (idp.token_mode);
  idp.authorize_mode = g_strdup ("ok");
  idp.token_mode = g_strdup ("ok");
  idp.lifetime = DEFAULT_LIFETIME;
  idp.reuse_detection = FALSE;
  g_free (idp.device_mode);
  idp.device_mode = g_strdup ("ok");
  g_clear_pointer (&idp.single_tenant, g_free);
  if (idp.delegates != NULL)
    g_hash_table_remove_all (idp.delegates);
  idp.device_interval = 1;
  idp.device_lifetime = 600;
  idp.device_polls = 0;
  idp.device_too_early = 0;
}

static void
settings_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
           "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>IMAP settings</title>"
           "</head>\n<body><h1>IMAP settings</h1>\n"
           "<p>Let devices and apps use IMAP.</p>\n"
           "<form method=\"get\" action=\"/settings\"><button id=\"enable-imap\" "
           "type=\"submit\" name=\"imap\" value=\"on\">Turn on IMAP</button></form>\n"
           "</body></html>\n");
}

static gboolean
user_matches (gpointer key,
              gpointer value,
              gpointer user_data)
{
  Grant *grant = value;

  return g_ascii_strcasecmp (grant->user, user_data) == 0;
}

static void
respond_control_state (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "authorize");
  json_builder_add_string_value (b, idp.authorize_mode);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, idp.token_mode);
  json_builder_set_member_name (b, "lifetime");
  json_builder_add_int_value (b, idp.lifetime);
  json_builder_set_member_name (b, "rotation");
  json_builder_add_string_value (b, idp.reuse_detection ? "reuse_detection" : "rotate");
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, idp.device_mode);
  json_builder_set_member_name (b, "device_polls");
  json_builder_add_int_value (b, idp.device_polls);
  json_builder_set_member_name (b, "device_too_early");
  json_builder_add_int_value (b, idp.device_too_early);
  json_builder_set_member_name (b, "single_tenant");
  if (idp.single_tenant != NULL)
    json_builder_add_string_value (b, idp.single_tenant);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char * const authorize_modes[] = {
    "ok", "deny", "admin_consent", "redirect_mismatch", "forge_state", "tenant_redirect", NULL
  };
  static const char * const token_modes[] = {
    "ok", "500", "html", "malformed", "invalid_grant", "invalid_client_secret", "drip", "hang",
    NULL
  };
  static const char * const device_modes[] = { "ok", "slow_down", "expired", NULL };
  g_autoptr(GHashTable) form = NULL;
  const char *value;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond_control_state (msg);
      return;
    }
  if (g_str_equal (path, "/control/reset"))
    {
      idp_reset_modes ();
      respond_control_state (msg);
      return;
    }

  form = request_form (msg, query);
  if ((value = g_hash_table_lookup (form, "authorize")))
    {
      if (!g_strv_contains (authorize_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown authorize mode\n");
          return;
        }
      g_free (idp.authorize_mode);
      idp.authorize_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "token")))
    {
      if (!g_strv_contains (token_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown token mode\n");
          return;
        }
      g_free (idp.token_mode);
      idp.token_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "lifetime")))
    {
      char *end = NULL;
      gint64 lifetime = g_ascii_strtoll (value, &end, 10);

      if (end == value || *end != '\0' || lifetime < 0)
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "bad lifetime\n");
          return;
        }
      idp.lifetime = lifetime;
    }
  if ((value = g_hash_table_lookup (form, "rotation")))
    {
      if (!g_str_equal (value, "rotate") && !g_str_equal (value, "reuse_detection"))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown rotation\n");
          return;
        }
      idp.reuse_detection = g_str_equal (value, "reuse_detection");
    }
  if ((value = g_hash_table_lookup (form, "device")))
    {
      if (!g_strv_contains (device_modes, value))
        {
          respond (msg, SOUP_STATUS_BAD_REQUEST, "text/plain", "unknown device mode\n");
          return;
        }
      g_free (idp.device_mode);
      idp.device_mode = g_strdup (value);
    }
  if ((value = g_hash_table_lookup (form, "delegate")))
    g_hash_table_add (idp.delegates, g_ascii_strdown (value, -1));
  if ((value = g_hash_table_lookup (form, "undelegate")))
    {
      g_autofree char *lower = g_ascii_strdown (value, -1);

      g_hash_table_remove (idp.delegates, lower);
    }
  if ((value = g_hash_table_lookup (form, "single_tenant")))
    {
      g_free (idp.single_tenant);
      idp.single_tenant = *value != '\0' ? g_strdup (value) : NULL;
    }
  if ((value = g_hash_table_lookup (form, "device_interval")))
    idp.device_interval = CLAMP (g_ascii_strtoll (value, NULL, 10), 1, 60);
  if ((value = g_hash_table_lookup (form, "device_lifetime")))
    idp.device_lifetime = CLAMP (g_ascii_strtoll (value, NULL, 10), 1, 3600);
  if ((value = g_hash_table_lookup (form, "revoke")))
    {
      g_hash_table_foreach_remove (idp.refresh, user_matches, (gpointer) value);
      g_hash_table_foreach_remove (idp.access, user_matches, (gpointer) value);
    }
  respond_control_state (msg);
}

static void
not_found_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  const char *tenant;
  const char *endpoint;

  /* "", TENANT, "oauth2", "v2.0", ENDPOINT */
  if (g_strv_length (parts) != 5 || *parts[1] == '\0' || !g_str_equal (parts[2], "oauth2") ||
      !g_str_equal (parts[3], "v2.0"))
    {
      respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found\n");
      return;
    }
  tenant = parts[1];
  endpoint = parts[4];

  if (idp.single_tenant != NULL && g_ascii_strcasecmp (tenant, idp.single_tenant) != 0)
    {
      const char *text = "Application 'lab-client' is not configured as a multi-tenant "
                         "application. Usage of the /common endpoint is not supported for such "
                         "applications created after '10/15/2018'. Use a tenant-specific "
                         "endpoint or configure the application to be multi-tenant.";

      if (g_str_equal (endpoint, "authorize"))
        {
          g_autofree char *full = g_strconcat ("AADSTS50194: ", text, NULL);

          if (g_str_equal (idp.authorize_mode, "tenant_redirect")
              && authorize_redirect_refusal (msg, query, full))
            return;
          respond_html (msg, SOUP_STATUS_BAD_REQUEST,
                        "Sorry, but we're having trouble signing you in.", full);
        }
      else
        respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", 50194, text);
      return;
    }

  if (g_str_equal (endpoint, "authorize"))
    authorize_cb (server, msg, "/authorize", query, user_data);
  else if (g_str_equal (endpoint, "token"))
    token_cb (server, msg, "/token", query, user_data);
  else if (g_str_equal (endpoint, "devicecode"))
    devicecode_cb (server, msg, "/devicecode", query, user_data);
  else
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;
  int port = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { NULL }
  };

  context = g_option_context_new ("- Mail Setup lab identity provider");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mail-lab-idp: %s\n", error->message);
      return 2;
    }

  idp.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.used_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  idp.refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.access = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  idp.used_refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  idp.devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_grant_free);
  idp.delegates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  idp_reset_modes ();

  server = soup_server_new ("server-header", "mail-lab-idp", NULL);
  soup_server_add_handler (server, NULL, not_found_cb, NULL, NULL);
  soup_server_add_handler (server, "/authorize", authorize_cb, NULL, NULL);
  soup_server_add_handler (server, "/token", token_cb, NULL, NULL);
  soup_server_add_handler (server, "/introspect", introspect_cb, NULL, NULL);
  soup_server_add_handler (server, "/introspect-delegate", introspect_delegate_cb, NULL, NULL);
  soup_server_add_handler (server, "/settings", settings_cb, NULL, NULL);
  soup_server_add_handler (server, "/control", control_cb, NULL, NULL);
  soup_server_add_handler (server, "/devicecode", devicecode_cb, NULL, NULL);
  soup_server_add_handler (server, "/device", device_cb, NULL, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("mail-lab-idp: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  g_print ("%u\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
